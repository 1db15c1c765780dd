"""Internal quality assurance (Kvalitetssäkring): the sample drawn at signing, the IK's
queue, approve or return with a comment, and the workplace's sampling settings.

A quality assurer never reviews a module they assessed or signed themselves. Returning
a module reopens its signoff for correction (the locks are lifted, certificates that
list it are revoked); when the supervisor signs it again, the new signoff supersedes
the old one and is always in the sample.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.enums import Role
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.signing import QaState, QueueItem, SignoffInfo
from ..storage.models import QaReviewRow, SignoffReopeningRow, SignoffRow, SupervisorRow
from .base import Service, require
from .signing import MAX_REASON
from .signing_reads import signoff_info

OWN_WORK = (
    "Du har själv bedömt eller signerat den här modulen. En annan kvalitetssäkrare "
    "måste granska den."
)


@dataclass(frozen=True)
class QaSettings:
    sample_rate: float
    required: bool


class QualityService(Service):
    def settings(self) -> QaSettings:
        with self.db.reader() as tx:
            wp = self.app.setup.workplace_row(tx)
            return QaSettings(float(wp.qa_sample_rate), bool(wp.qa_required))

    def update_settings(
        self, actor_id: str | None, *, sample_rate: float, required: bool
    ) -> QaSettings:
        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        if not 0.0 <= sample_rate <= 1.0:
            raise ValidationError("Andelen stickprov ska vara mellan 0 och 100 %.")
        with self.db.transaction(actor_id) as tx:
            wp = self.app.setup.workplace_row(tx)
            wp.qa_sample_rate = round(sample_rate, 4)
            wp.qa_required = required
            return QaSettings(wp.qa_sample_rate, wp.qa_required)

    def _reviewers(self) -> list[str]:
        with self.db.reader() as tx:
            return [
                r.id
                for r in tx.find(SupervisorRow, active=True)
                if Role.QUALITY_ASSURER.value in r.roles
            ]

    def queue(self, user_id: str) -> list[QueueItem]:
        """Sampled, standing signoffs without a decision, oldest first."""
        reviewers = self._reviewers()
        with self.db.reader() as tx:
            infos = []
            for s in tx.find(SignoffRow, order_by="signed_on", qa_sampled=True):
                if tx.first(QaReviewRow, signoff_id=s.id) is not None:
                    continue
                if tx.first(SignoffReopeningRow, signoff_id=s.id) is not None:
                    continue
                infos.append(signoff_info(tx, s))
        items = []
        for info in infos:
            own = user_id in info.assessor_ids
            note = ""
            if own:
                others = [r for r in reviewers if r not in info.assessor_ids]
                note = OWN_WORK
                if not others:
                    note += (
                        " Det finns ingen annan aktiv kvalitetssäkrare just nu; modulen "
                        "väntar i kön tills en administratör ger någon annan rollen."
                    )
            items.append(QueueItem(info, own, note))
        return items

    def review(
        self, actor_id: str | None, signoff_id: str, *, approve: bool, comment: str = ""
    ) -> SignoffInfo:
        actor = self.app.supervisors.require_role(actor_id, Role.QUALITY_ASSURER)
        comment = comment.strip()
        if len(comment) > MAX_REASON:
            raise ValidationError(f"Kommentaren är för lång (högst {MAX_REASON} tecken).")
        if not approve and not comment:
            raise ValidationError(
                "Skriv vad som behöver rättas, så att handledaren vet vad som ska göras."
            )
        with self.db.transaction(actor.id) as tx:
            s = require(tx, SignoffRow, signoff_id, "Signeringen")
            info = signoff_info(tx, s)
            if actor.id in info.assessor_ids:
                raise PermissionDenied(OWN_WORK)
            if info.reopened:
                raise ValidationError("Signeringen är öppnad igen och kan inte granskas.")
            if info.qa_state in (QaState.APPROVED, QaState.RETURNED):
                raise ValidationError("Modulen är redan granskad.")
            tx.add(
                QaReviewRow(
                    signoff_id=s.id,
                    reviewer_id=actor.id,
                    decision="approved" if approve else "returned",
                    comment=comment,
                    decided_on=dt.date.today(),
                )
            )
            tx.flush()
            if not approve:
                self.app.signing.reopen_in(
                    tx, actor.id, s.id, f"Återlämnad av kvalitetssäkrare: {comment}", "qa_return"
                )
                tx.flush()
            return signoff_info(tx, s)

    def returned(self) -> list[SignoffInfo]:
        """Modules returned for correction and not signed again yet."""
        with self.db.reader() as tx:
            out = []
            for review in tx.find(QaReviewRow, decision="returned"):
                s = tx.get(SignoffRow, review.signoff_id)
                if s is None:
                    continue
                newer = tx.first(SignoffRow, supersedes_id=s.id)
                if newer is None:
                    out.append(signoff_info(tx, s))
            return out
