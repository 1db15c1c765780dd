"""Reading participants: one with its placements, the list behind Deltagare (filtered),
and those registered under a name. ParticipantService (services/participants.py)
adds registering and changing them."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.enums import (
    Gender,
    JourneyStage,
    PlacementOutcome,
    PlacementType,
    Referrer,
    StartStatus,
)
from ..domain.records import ParticipantDetail, ParticipantSummary, PlacementInfo
from ..storage import queries
from ..storage.database import Tx
from ..storage.models import ParticipantRow, PlacementRow
from .base import Service, require


@dataclass(frozen=True)
class ParticipantFilter:
    text: str = ""
    status: str = "active"  # active | ended | all
    responsible_id: str | None = None
    business_area: str | None = None


def _placement_info(p: PlacementRow) -> PlacementInfo:
    return PlacementInfo(
        p.id,
        PlacementType(p.type),
        Referrer(p.referrer),
        p.start_date,
        p.planned_end_date,
        p.end_date,
        PlacementOutcome(p.outcome) if p.outcome else None,
        StartStatus(p.start_status) if p.start_status else None,
        bool(p.wage_subsidy),
    )


def gender_of(value: str | None) -> Gender:
    """A stored gender, or "not stated" for an empty or unknown value."""
    try:
        return Gender(value or Gender.NOT_STATED.value)
    except ValueError:
        return Gender.NOT_STATED


class ParticipantReads(Service):
    """The read side of ParticipantService."""

    def _detail(self, tx: Tx, p: ParticipantRow) -> ParticipantDetail:
        placements = tx.find(PlacementRow, order_by="start_date", participant_id=p.id)
        return ParticipantDetail(
            p.id,
            p.first_name,
            p.last_name,
            p.personnummer,
            p.birth_year,
            p.phone,
            p.email,
            p.responsible_id,
            JourneyStage(p.stage),
            p.photo_consent,
            p.photo_consent_date,
            tuple(_placement_info(x) for x in placements),
            gender_of(p.gender),
        )

    def get(self, participant_id: str) -> ParticipantDetail:
        with self.db.reader() as tx:
            return self._detail(tx, require(tx, ParticipantRow, participant_id, "Deltagaren"))

    def with_name(self, first_name: str, last_name: str) -> list[ParticipantDetail]:
        """Participants already registered under this name (any case or spacing): Ny
        deltagare asks before registering the same person twice."""
        wanted = (" ".join(first_name.split()).casefold(), " ".join(last_name.split()).casefold())
        with self.db.reader() as tx:
            return [
                self._detail(tx, p)
                for p in tx.find(ParticipantRow)
                if (p.first_name.casefold(), p.last_name.casefold()) == wanted
            ]

    def list(self, flt: ParticipantFilter | None = None) -> list[ParticipantSummary]:
        flt = flt or ParticipantFilter()
        with self.db.reader() as tx:
            rows = queries.participant_rows(tx)
        needle = flt.text.casefold().strip()
        out = []
        for r in rows:
            if flt.status == "active" and not r["active"]:
                continue
            if flt.status == "ended" and r["active"]:
                continue
            if flt.responsible_id and r["responsible_id"] != flt.responsible_id:
                continue
            if flt.business_area and flt.business_area not in r["business_areas"]:
                continue
            if needle and needle not in r["name"].casefold():
                continue
            out.append(
                ParticipantSummary(
                    r["id"],
                    r["name"],
                    PlacementType(r["placement_type"]) if r["placement_type"] else None,
                    r["start_date"],
                    r["responsible_id"],
                    r["responsible_name"],
                    JourneyStage(r["stage"]),
                    r["active"],
                    r["business_areas"],
                    r["criteria_total"],
                    r["criteria_achieved"],
                )
            )
        out.sort(key=lambda s: s.name.casefold())
        return out
