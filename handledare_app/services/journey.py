"""The Framsteg journey: introduction checklist, work plan with modules, follow-ups."""

from __future__ import annotations

import datetime as dt

from ..domain.enums import JourneyStage
from ..domain.errors import NotFoundError, ValidationError
from ..domain.records import ChecklistItem, FollowUpInfo, WorkPlanInfo
from ..storage.models import (
    EnrollmentRow,
    FollowUpRow,
    IntroductionItemRow,
    ModuleRow,
    ParticipantRow,
    WorkPlanRow,
)
from .base import Service, require
from .signoff_locks import standing_signoff

MAX_TEXT = 20_000


def _text(value: str, what: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{what} är för lång (högst {MAX_TEXT} tecken).")
    return value


def _follow_up_texts(attendees: str, notes: str, next_steps: str) -> tuple[str, str, str]:
    """What a new or changed follow-up must have: who took part or what was said.
    Returns the three texts, trimmed."""
    if not (attendees.strip() or notes.strip()):
        raise ValidationError("Skriv vilka som deltog eller vad ni pratade om.")
    return (
        _text(attendees, "Deltagarlistan"),
        _text(notes, "Anteckningen"),
        _text(next_steps, "Nästa steg"),
    )


def _follow_up(r: FollowUpRow) -> FollowUpInfo:
    return FollowUpInfo(r.id, r.date, r.attendees, r.notes, r.next_steps)


class JourneyService(Service):
    # --- introduction --------------------------------------------------------------

    def checklist(self, participant_id: str) -> list[ChecklistItem]:
        with self.db.reader() as tx:
            rows = tx.find(IntroductionItemRow, order_by="position", participant_id=participant_id)
            return [ChecklistItem(r.id, r.key, r.label, r.done, r.done_on) for r in rows]

    def set_checklist_item(self, actor_id: str | None, item_id: str, done: bool) -> None:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            item = require(tx, IntroductionItemRow, item_id, "Punkten i checklistan")
            item.done = done
            item.done_on = dt.date.today() if done else None

    # --- work plan -------------------------------------------------------------------

    def work_plan(self, participant_id: str) -> WorkPlanInfo:
        with self.db.reader() as tx:
            wp = tx.first(WorkPlanRow, participant_id=participant_id)
            if wp is None:
                raise NotFoundError("Deltagaren finns inte.")
            return WorkPlanInfo(wp.goals, wp.planned_activities, wp.review_date)

    def update_work_plan(
        self,
        actor_id: str | None,
        participant_id: str,
        *,
        goals: str,
        planned_activities: str,
        review_date: dt.date | None,
    ) -> None:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            wp = tx.first(WorkPlanRow, participant_id=participant_id)
            if wp is None:
                raise NotFoundError("Deltagaren finns inte.")
            wp.goals = _text(goals, "Målet")
            wp.planned_activities = _text(planned_activities, "Planerade aktiviteter")
            wp.review_date = review_date

    def enroll(self, actor_id: str | None, participant_id: str, module_code: str) -> str:
        """Add the newest version of a module to the work plan. Returns the enrollment id."""
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            require(tx, ParticipantRow, participant_id, "Deltagaren")
            versions = tx.find(ModuleRow, order_by="version", code=module_code)
            if not versions:
                raise NotFoundError(f"Modulen {module_code} finns inte i kriteriebanken.")
            earlier = tx.find(EnrollmentRow, participant_id=participant_id, module_code=module_code)
            if any(e.active for e in earlier):
                raise ValidationError(f"Modulen {module_code} finns redan i arbetsplanen.")
            for e in earlier:
                if e.module_id == versions[-1].id:
                    e.active = True  # taken out earlier: its assessments come back with it
                    return e.id
            row = tx.add(
                EnrollmentRow(
                    participant_id=participant_id,
                    module_id=versions[-1].id,
                    module_code=module_code,
                    enrolled_on=dt.date.today(),
                    active=True,
                )
            )
            self.app.participants.advance_stage(tx, participant_id, JourneyStage.WORK_PLAN)
            tx.flush()
            return row.id

    def withdraw(self, actor_id: str | None, enrollment_id: str) -> None:
        """Take a module out of the plan; assessments are kept in case it is added back."""
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            if standing_signoff(tx, e.id) is not None:
                raise ValidationError("Modulen är signerad och kan inte tas bort ur arbetsplanen.")
            e.active = False

    # --- follow-ups ------------------------------------------------------------------

    def follow_ups(self, participant_id: str) -> list[FollowUpInfo]:
        with self.db.reader() as tx:
            rows = tx.find(FollowUpRow, order_by="date", participant_id=participant_id)
            return [_follow_up(r) for r in rows]

    def add_follow_up(
        self,
        actor_id: str | None,
        participant_id: str,
        *,
        date: dt.date,
        attendees: str,
        notes: str,
        next_steps: str = "",
    ) -> FollowUpInfo:
        self.app.supervisors.require_staff(actor_id)
        attendees, notes, next_steps = _follow_up_texts(attendees, notes, next_steps)
        with self.db.transaction(actor_id) as tx:
            require(tx, ParticipantRow, participant_id, "Deltagaren")
            row = tx.add(
                FollowUpRow(
                    participant_id=participant_id,
                    date=date,
                    attendees=attendees,
                    notes=notes,
                    next_steps=next_steps,
                )
            )
            self.app.participants.advance_stage(tx, participant_id, JourneyStage.FOLLOW_UP)
            tx.flush()
            return _follow_up(row)

    def update_follow_up(
        self,
        actor_id: str | None,
        follow_up_id: str,
        *,
        date: dt.date,
        attendees: str,
        notes: str,
        next_steps: str,
    ) -> FollowUpInfo:
        self.app.supervisors.require_staff(actor_id)
        attendees, notes, next_steps = _follow_up_texts(attendees, notes, next_steps)
        with self.db.transaction(actor_id) as tx:
            row = require(tx, FollowUpRow, follow_up_id, "Uppföljningen")
            row.date = date
            row.attendees, row.notes, row.next_steps = attendees, notes, next_steps
            return _follow_up(row)

    def delete_follow_up(self, actor_id: str | None, follow_up_id: str) -> None:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            tx.delete(require(tx, FollowUpRow, follow_up_id, "Uppföljningen"))
