"""Placement changes beyond create/close: the change of placement type and the
follow-up details of a placement (FOLLOWUP.md). A mixin of ParticipantService, so
callers keep using `app.participants`."""

from __future__ import annotations

import datetime as dt

from ..domain.enums import PlacementOutcome, PlacementType, Referrer, StartStatus
from ..domain.errors import ValidationError
from ..domain.records import ParticipantDetail
from ..storage.database import Tx
from ..storage.models import ParticipantRow, PlacementRow
from .base import Service, require


def check_wage_subsidy(placement_type: PlacementType, wage_subsidy: bool) -> None:
    if wage_subsidy and placement_type is not PlacementType.EMPLOYMENT:
        raise ValidationError("Lönebidrag eller anställningsstöd gäller bara en anställning.")


EARLIEST_START = dt.date(2000, 1, 1)
# A start or an end date further ahead than this is most likely a mistyped year.
LATEST_AHEAD = dt.timedelta(days=366)
# A planned end this long after the start is most likely a mistyped year too (2036 for
# 2026); a placement without a settled end leaves the planned end date empty.
LONGEST_PLANNED = dt.timedelta(days=3 * 365 + 1)


def check_dates(start: dt.date, planned_end: dt.date | None) -> None:
    if start < EARLIEST_START:
        raise ValidationError(
            f"Startdatumet {start.isoformat()} ligger före år 2000. Kontrollera årtalet."
        )
    if planned_end is not None and planned_end < start:
        raise ValidationError("Planerat slutdatum kan inte vara före startdatumet.")
    if start > dt.date.today() + LATEST_AHEAD:
        raise ValidationError("Startdatum ligger mer än ett år fram i tiden. Stämmer det?")
    if planned_end is not None and planned_end > start + LONGEST_PLANNED:
        raise ValidationError(
            f"Planerat slutdatum {planned_end.isoformat()} ligger mer än tre år efter "
            "startdatumet. Kontrollera årtalet, eller lämna planerat slutdatum tomt om "
            "placeringen inte har något bestämt slut."
        )


def check_after_previous(start: dt.date, previous_end: dt.date | None) -> None:
    """A placement starts the day after the previous one ended at the earliest: on the
    same day both would be active, the person counted twice on a mätdag (FOLLOWUP.md §1),
    as both placed and employed."""
    if previous_end is not None and start <= previous_end:
        raise ValidationError(
            f"Placeringen kan inte börja före förra slutade ({previous_end.isoformat()}) "
            f"eller samma dag; den kan börja tidigast "
            f"{(previous_end + dt.timedelta(days=1)).isoformat()}."
        )


def check_end_date(end: dt.date) -> None:
    """The day a placement is closed: at most a year ahead, like a start date."""
    if end > dt.date.today() + LATEST_AHEAD:
        raise ValidationError(
            f"Slutdatumet {end.isoformat()} ligger mer än ett år fram i tiden. Kontrollera "
            "årtalet: en placering kan avslutas högst ett år i förväg."
        )


class PlacementChanges(Service):
    def _detail(self, tx: Tx, p: ParticipantRow) -> ParticipantDetail:
        raise NotImplementedError

    def change_placement_type(
        self,
        actor_id: str | None,
        participant_id: str,
        placement_type: PlacementType,
        start_date: dt.date,
        *,
        referrer: Referrer | None = None,
        exit_code: PlacementOutcome | None = None,
        wage_subsidy: bool = False,
        planned_end_date: dt.date | None = None,
    ) -> ParticipantDetail:
        """A change of type (arbetsträning → anställning) ends the current placement the
        day before `start_date` and starts the next one on it (FOLLOWUP.md §1). The ended
        placement gets `exit_code`, by default Anställd här when the new type is
        anställning, otherwise Annan insats eller placering. The journey stage stays."""
        self.app.supervisors.require_staff(actor_id)
        check_dates(start_date, planned_end_date)
        check_wage_subsidy(placement_type, wage_subsidy)
        if exit_code is None:
            exit_code = (
                PlacementOutcome.EMPLOYED_HERE
                if placement_type is PlacementType.EMPLOYMENT
                else PlacementOutcome.OTHER_PROGRAMME
            )
        if exit_code is PlacementOutcome.REGISTRATION_ERROR:
            raise ValidationError("Ett byte av placeringstyp kan inte vara en felregistrering.")
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            placements = tx.find(PlacementRow, order_by="start_date", participant_id=p.id)
            open_ = [x for x in placements if x.end_date is None]
            if not open_:
                raise ValidationError("Deltagaren har ingen pågående placering att byta.")
            current = open_[-1]
            if PlacementType(current.type) is placement_type:
                raise ValidationError(
                    f"Placeringen är redan {placement_type.label.lower()}. Välj en annan typ."
                )
            if start_date <= current.start_date:
                raise ValidationError(
                    "Den nya placeringen måste börja minst en dag efter att den nuvarande "
                    f"började ({current.start_date.isoformat()})."
                )
            current.end_date = start_date - dt.timedelta(days=1)
            current.outcome = exit_code.value
            tx.add(
                PlacementRow(
                    participant_id=p.id,
                    type=placement_type.value,
                    referrer=(referrer or Referrer(current.referrer)).value,
                    start_date=start_date,
                    planned_end_date=planned_end_date,
                    start_status=current.start_status,
                    wage_subsidy=wage_subsidy,
                )
            )
            tx.flush()
            return self._detail(tx, p)

    def set_placement_details(
        self,
        actor_id: str | None,
        placement_id: str,
        *,
        start_status: StartStatus | None = None,
        wage_subsidy: bool | None = None,
    ) -> None:
        """Status at start and the lönebidrag flag of an existing placement."""
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            row = require(tx, PlacementRow, placement_id, "Placeringen")
            if start_status is not None:
                row.start_status = start_status.value
            if wage_subsidy is not None:
                check_wage_subsidy(PlacementType(row.type), wage_subsidy)
                row.wage_subsidy = wage_subsidy
