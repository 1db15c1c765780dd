"""Judging criteria and module status (no partial credit)."""

from __future__ import annotations

import datetime as dt

from ..domain.enums import AssessmentStatus, JourneyStage, ModuleStatus
from ..domain.errors import ValidationError
from ..domain.records import AssessmentInfo, EnrollmentProgress
from ..domain.rules import module_status, require_evidence_for
from ..storage import queries
from ..storage.database import Tx
from ..storage.models import AssessmentRow, CriterionRow, EnrollmentRow, ModuleRow
from .base import Service, require
from .catalogue import module_info
from .signoff_locks import LOCKED_MESSAGE, standing_signoff


class AssessmentService(Service):
    def judge(
        self,
        actor_id: str | None,
        enrollment_id: str,
        criterion_id: str,
        status: AssessmentStatus,
        comment: str = "",
    ) -> None:
        self.app.supervisors.require_staff(actor_id)
        if len(comment) > 5000:
            raise ValidationError("Kommentaren är för lång (högst 5 000 tecken).")
        with self.db.transaction(actor_id) as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            c = require(tx, CriterionRow, criterion_id, "Kriteriet")
            if c.module_id != e.module_id:
                raise ValidationError("Kriteriet hör inte till den här modulen.")
            if not e.active:
                raise ValidationError("Modulen är borttagen ur arbetsplanen.")
            if standing_signoff(tx, e.id) is not None:
                raise ValidationError(LOCKED_MESSAGE)
            counts = queries.evidence_counts(tx, e.participant_id)
            require_evidence_for(status, counts.get(c.id, 0))
            row = tx.first(AssessmentRow, enrollment_id=e.id, criterion_id=c.id)
            if row is None:
                row = tx.add(
                    AssessmentRow(
                        enrollment_id=e.id,
                        participant_id=e.participant_id,
                        criterion_id=c.id,
                        status=status.value,
                    )
                )
            row.status = status.value
            row.comment = comment.strip()
            row.assessed_by = actor_id
            row.assessed_on = dt.date.today()
            if status is not AssessmentStatus.NOT_STARTED:
                self.app.participants.advance_stage(tx, e.participant_id, JourneyStage.FOLLOW_UP)
            tx.flush()
            if self._progress(tx, e).status is ModuleStatus.READY_FOR_SIGNOFF:
                self.app.participants.advance_stage(tx, e.participant_id, JourneyStage.VALIDATION)

    def _progress(
        self, tx: Tx, e: EnrollmentRow, counts: dict[str, int] | None = None
    ) -> EnrollmentProgress:
        mrow = tx.get(ModuleRow, e.module_id)
        assert mrow is not None
        module = module_info(tx, mrow)
        assessments = {
            a.criterion_id: AssessmentInfo(
                a.criterion_id, AssessmentStatus(a.status), a.comment, a.assessed_by, a.assessed_on
            )
            for a in tx.find(AssessmentRow, enrollment_id=e.id)
        }
        criteria = module.criteria
        statuses = [
            assessments[c.id].status if c.id in assessments else AssessmentStatus.NOT_STARTED
            for c in criteria
        ]
        signed = standing_signoff(tx, e.id) is not None
        status = module_status(statuses, len(criteria), signed=signed)
        counts = counts if counts is not None else queries.evidence_counts(tx, e.participant_id)
        return EnrollmentProgress(
            e.id,
            module,
            status,
            len(criteria),
            sum(1 for s in statuses if s is AssessmentStatus.ACHIEVED),
            assessments,
            {c.id: counts.get(c.id, 0) for c in criteria},
        )

    def enrollment(self, enrollment_id: str) -> EnrollmentProgress:
        with self.db.reader() as tx:
            return self._progress(
                tx, require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            )

    def participant_progress(self, participant_id: str) -> list[EnrollmentProgress]:
        """Every active module in the participant's work plan, with per-criterion state."""
        with self.db.reader() as tx:
            counts = queries.evidence_counts(tx, participant_id)
            rows = tx.find(
                EnrollmentRow, order_by="enrolled_on", participant_id=participant_id, active=True
            )
            return [self._progress(tx, e, counts) for e in rows]
