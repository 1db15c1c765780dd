"""The journey's truth (issue 13): the facts the ✓ rules in domain/journey_rules need,
and the supervisor marking the introduction done with a reason."""

from __future__ import annotations

import datetime as dt

from ..domain.enums import JourneyStage
from ..domain.errors import ValidationError
from ..domain.journey_rules import JourneyFacts, journey_gaps
from ..storage.models import (
    EnrollmentRow,
    FollowUpRow,
    IntroductionItemRow,
    ParticipantRow,
    PlacementRow,
)
from .base import Service, require
from .signoff_locks import standing_signoff

MAX_REASON = 2000


class JourneyStatusService(Service):
    def facts(self, participant_id: str) -> JourneyFacts:
        with self.db.reader() as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            items = tx.find(IntroductionItemRow, participant_id=p.id)
            enrollments = tx.find(EnrollmentRow, participant_id=p.id, active=True)
            signed = sum(1 for e in enrollments if standing_signoff(tx, e.id) is not None)
            placements = tx.find(PlacementRow, order_by="start_date", participant_id=p.id)
            last = placements[-1] if placements else None
            return JourneyFacts(
                checklist_total=len(items),
                checklist_done=sum(1 for i in items if i.done),
                introduction_done_reason=p.introduction_done_reason or "",
                modules=len(enrollments),
                follow_ups=tx.count(FollowUpRow, participant_id=p.id),
                signed_modules=signed,
                closed=last is not None and last.end_date is not None and bool(last.outcome),
            )

    def gaps(self, participant_id: str) -> dict[JourneyStage, str]:
        return journey_gaps(self.facts(participant_id))

    def introduction_reason(self, participant_id: str) -> tuple[str, dt.date | None]:
        with self.db.reader() as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            return p.introduction_done_reason or "", p.introduction_done_on

    def mark_introduction_done(
        self, actor_id: str | None, participant_id: str, reason: str
    ) -> None:
        """The supervisor says the introduction is done although items are unticked;
        the reason is required."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("Skriv varför introduktionen räknas som klar.")
        self._set(actor_id, participant_id, reason)

    def unmark_introduction_done(self, actor_id: str | None, participant_id: str) -> None:
        self._set(actor_id, participant_id, "")

    def _set(self, actor_id: str | None, participant_id: str, reason: str) -> None:
        self.app.supervisors.require_staff(actor_id)
        if len(reason) > MAX_REASON:
            raise ValidationError(f"Motiveringen är för lång (högst {MAX_REASON} tecken).")
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            p.introduction_done_reason = reason
            p.introduction_done_on = dt.date.today() if reason else None
