"""Ändra uppgifter (issue 13): placement dates, photo consent withdrawal and removing
the participant's photos. The dialog saves names, contact details, dates and consent in
one transaction (save_details, with ParticipantService.apply_update).
"""

from __future__ import annotations

import datetime as dt

from ..domain.enums import AttachmentKind
from ..domain.errors import ValidationError
from ..storage.database import Tx
from ..storage.models import AttachmentRow, EvidenceRow, ParticipantRow, PlacementRow
from .base import Service, require
from .participant_changes import ParticipantChanges
from .participants import apply_consent
from .placements import check_after_previous, check_dates
from .signoff_locks import is_standing


class ParticipantEditService(Service):
    def update_placement_dates(
        self,
        actor_id: str | None,
        participant_id: str,
        start_date: dt.date,
        planned_end_date: dt.date | None,
    ) -> None:
        """The current (latest) placement's start and planned end."""
        self.app.supervisors.require_staff(actor_id)
        check_dates(start_date, planned_end_date)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            _set_dates(tx, p, start_date, planned_end_date)

    def save_details(
        self,
        actor_id: str | None,
        participant_id: str,
        changes: ParticipantChanges,
        dates: tuple[dt.date, dt.date | None] | None = None,
        consent: tuple[bool, dt.date | None] | None = None,
    ) -> None:
        """Everything Ändra uppgifter changes, in one transaction: `changes` as
        ParticipantService.update takes them (the personnummer too), then the placement dates and the photo
        consent when given. A refused part leaves everything as it was."""
        self.app.supervisors.require_staff(actor_id)
        if dates is not None:
            check_dates(*dates)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            self.app.participants.apply_update(tx, p, **changes)
            if dates is not None:
                _set_dates(tx, p, *dates)
            if consent is not None:
                apply_consent(p, *consent)

    def photo_count(self, participant_id: str) -> int:
        with self.db.reader() as tx:
            return len(self._photos(participant_id, tx))

    def _photos(self, participant_id: str, tx: Tx) -> list[AttachmentRow]:
        evidence = [e.id for e in tx.find(EvidenceRow, participant_id=participant_id)]
        return [
            a
            for a in tx.find_in(AttachmentRow, "evidence_id", evidence)
            if a.kind == AttachmentKind.PHOTO.value
        ]

    def delete_photos(self, actor_id: str | None, participant_id: str) -> tuple[int, int]:
        """Remove the participant's photos (after consent is withdrawn). Photos in a signed
        module stay (the signature covers them); returns (removed, kept as signed)."""
        self.app.supervisors.require_staff(actor_id)
        removed = kept = 0
        with self.db.transaction(actor_id) as tx:
            require(tx, ParticipantRow, participant_id, "Deltagaren")
            for att in self._photos(participant_id, tx):
                if is_standing(tx, att.locked_by):
                    kept += 1
                    continue
                tx.delete(att)
                removed += 1
        return removed, kept


def unconsented_photos(tx: Tx, attachment_ids: set[str]) -> set[str]:
    """Among `attachment_ids`, the photos of participants without photo consent. Photos
    in a standing signed module are not among them: the signature covers them."""
    if not attachment_ids:
        return set()
    photos = [
        a
        for a in tx.find_in(AttachmentRow, "id", sorted(attachment_ids))
        if a.kind == AttachmentKind.PHOTO.value and not is_standing(tx, a.locked_by)
    ]
    if not photos:
        return set()
    owner = {
        e.id: e.participant_id
        for e in tx.find_in(EvidenceRow, "id", sorted({a.evidence_id for a in photos}))
    }
    consent = {
        p.id: p.photo_consent for p in tx.find_in(ParticipantRow, "id", sorted(set(owner.values())))
    }
    return {a.id for a in photos if not consent.get(owner.get(a.evidence_id, ""), False)}


def _set_dates(tx: Tx, p: ParticipantRow, start_date: dt.date, planned: dt.date | None) -> None:
    placements = tx.find(PlacementRow, order_by="start_date", participant_id=p.id)
    if not placements:
        raise ValidationError("Deltagaren har ingen placering.")
    current = placements[-1]
    check_after_previous(start_date, placements[-2].end_date if len(placements) > 1 else None)
    if current.end_date is not None and current.end_date < start_date:
        raise ValidationError("Startdatumet kan inte vara efter placeringens slutdatum.")
    current.start_date = start_date
    current.planned_end_date = planned
