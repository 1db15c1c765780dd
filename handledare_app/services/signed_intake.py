"""The new signoffs and certificates of one import (DESIGN §6): each checked before it
is applied (services/signoff_intake.py, services/certificate_intake.py `static_problem`)
and, once the package's rows are in, against them (`applied_problem`). A problem
refuses the whole package; the import's one transaction rolls back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..storage.database import Tx
from . import certificate_intake, signoff_intake


@dataclass
class SignedIntake:
    sender: str  # the signer's name, for the message
    signoffs: set[str] = field(default_factory=set)
    certificates: set[str] = field(default_factory=set)

    def take(self, tx: Tx, entity: str, new: list[dict[str, Any]]) -> None:
        """Rows of `entity` new here, before they are applied."""
        for row in new:
            if entity == "signoff":
                found = signoff_intake.static_problem(tx, row)
                if found is not None:
                    raise signoff_intake.refusal(*found, self.sender)
                self.signoffs.add(str(row["id"]))
            elif entity == "certificate":
                problem = certificate_intake.static_problem(row)
                if problem is not None:
                    raise certificate_intake.refusal(*problem, self.sender)
                self.certificates.add(str(row["id"]))

    def check_applied(self, tx: Tx) -> None:
        """After the rows are applied (same transaction)."""
        found = signoff_intake.applied_problem(tx, self.signoffs)
        if found is not None:
            raise signoff_intake.refusal(*found, self.sender)
        problem = certificate_intake.applied_problem(tx, self.certificates)
        if problem is not None:
            raise certificate_intake.refusal(*problem, self.sender)
