"""The new signoffs and certificates of one import (DESIGN §6): each checked before it
is applied (services/signoff_intake.py, services/certificate_intake.py `static_problem`)
and, once the package's rows are in, against them (`applied_problem`). A problem
refuses the whole package; the import's one transaction rolls back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..storage.database import Tx
from ..storage.models import QaReviewRow, SignoffRow
from . import certificate_intake, signoff_intake
from .signing_reads import signoff_info


@dataclass
class SignedIntake:
    sender: str  # the signer's name, for the message
    own_workplace: str
    signoffs: set[str] = field(default_factory=set)
    certificates: set[str] = field(default_factory=set)
    reviews: set[str] = field(default_factory=set)

    def take(self, tx: Tx, entity: str, new: list[dict[str, Any]]) -> None:
        """Rows of `entity` new here, before they are applied."""
        for row in new:
            if entity == "signoff":
                found = signoff_intake.static_problem(tx, row, self.own_workplace)
                if found is not None:
                    raise signoff_intake.refusal(*found, self.sender)
                self.signoffs.add(str(row["id"]))
            elif entity == "certificate":
                problem = certificate_intake.static_problem(row)
                if problem is not None:
                    raise certificate_intake.refusal(*problem, self.sender)
                self.certificates.add(str(row["id"]))
            elif entity == "qa_review":
                self.reviews.add(str(row["id"]))

    def check_applied(self, tx: Tx) -> None:
        """After the rows are applied (same transaction)."""
        found = signoff_intake.applied_problem(tx, self.signoffs, self.own_workplace)
        if found is not None:
            raise signoff_intake.refusal(*found, self.sender)
        problem = certificate_intake.applied_problem(tx, self.certificates)
        if problem is not None:
            raise certificate_intake.refusal(*problem, self.sender)
        for review_id in sorted(self.reviews):
            own = _own_work_reviewed(tx, review_id)
            if own is not None:
                raise signoff_intake.refusal(
                    own, "kvalitetssäkraren har granskat sin egen bedömning", self.sender
                )


def _own_work_reviewed(tx: Tx, review_id: str) -> str | None:
    """The module title when the review's reviewer assessed or signed the module (an IK
    never reviews their own work, DESIGN §1)."""
    review = tx.get(QaReviewRow, review_id)
    signoff = tx.get(SignoffRow, review.signoff_id) if review is not None else None
    if review is None or signoff is None:
        return None
    info = signoff_info(tx, signoff)
    return f"”{info.module_title}”" if review.reviewer_id in info.assessor_ids else None
