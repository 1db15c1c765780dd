"""Locks on signed rows (issue 4): which signoff stands, refusing changes in the
services, and pointing `locked_by` at a signoff (SQLite triggers enforce the rest)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.errors import ValidationError
from ..storage.database import Tx
from ..storage.models import (
    AssessmentRow,
    AttachmentRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    EvidenceRow,
    SignoffReopeningRow,
    SignoffRow,
)

# Rows SQLite keeps immutable (migrations 0001, 0002, 0007): an import never changes or
# deletes them; a differing version waits for a person in the conflict log.
IMMUTABLE_ENTITIES = frozenset(
    {"signoff", "certificate", "certificate_revocation", "qa_review", "signoff_reopening"}
    | {"erasure"}
)

LOCKED_MESSAGE = (
    "Modulen är signerad och låst: det som signerades kan inte ändras. "
    "Behöver något rättas kan en administratör öppna signeringen igen med en motivering."
)


def standing_signoff(tx: Tx, enrollment_id: str) -> SignoffRow | None:
    """The signoff that currently holds this enrollment (not reopened), if any."""
    for s in tx.find(SignoffRow, enrollment_id=enrollment_id):
        if tx.first(SignoffReopeningRow, signoff_id=s.id) is None:
            return s
    return None


def is_standing(tx: Tx, signoff_id: str | None) -> bool:
    return signoff_id is not None and tx.first(SignoffReopeningRow, signoff_id=signoff_id) is None


def ensure_unlocked(tx: Tx, *rows: Any) -> None:
    """Refuse (Swedish message) if any row is locked by a standing signoff."""
    for row in rows:
        if row is not None and is_standing(tx, getattr(row, "locked_by", None)):
            raise ValidationError(LOCKED_MESSAGE)


def ensure_criteria_open(tx: Tx, participant_id: str, criterion_ids: Iterable[str]) -> None:
    """New evidence may not be linked to criteria of a signed module."""
    wanted = set(criterion_ids)
    if not wanted:
        return
    for e in tx.find(EnrollmentRow, participant_id=participant_id):
        if not is_standing(tx, e.locked_by):
            continue
        module_criteria = {c.id for c in tx.find(CriterionRow, module_id=e.module_id)}
        if wanted & module_criteria:
            raise ValidationError(
                "Beviset kan inte kopplas till kriterier i en modul som redan är signerad."
            )


def evidence_rows_for(tx: Tx, participant_id: str, criterion_ids: set[str]) -> list[EvidenceRow]:
    links = tx.find_in(EvidenceCriterionRow, "criterion_id", sorted(criterion_ids))
    ids = sorted({link.evidence_id for link in links})
    rows = [r for r in tx.find_in(EvidenceRow, "id", ids) if r.participant_id == participant_id]
    return sorted(rows, key=lambda r: (r.date, r.id))


def lock_rows(tx: Tx, e: EnrollmentRow, signoff_id: str | None, *, only: str | None = None) -> None:
    """Point the covered rows' `locked_by` at `signoff_id` (None unlocks).

    `only`: change just the rows now locked by that signoff (reopening); rows locked by
    another standing signoff keep their lock.
    """
    criteria = {c.id for c in tx.find(CriterionRow, module_id=e.module_id)}
    evidence = evidence_rows_for(tx, e.participant_id, criteria)
    rows: list[Any] = [e, *tx.find(AssessmentRow, enrollment_id=e.id)]
    for ev in evidence:
        rows.append(ev)
        rows.extend(tx.find(AttachmentRow, evidence_id=ev.id))
        rows.extend(tx.find(EvidenceCriterionRow, evidence_id=ev.id))
    for row in rows:
        if only is not None and row.locked_by != only:
            continue
        if signoff_id is not None and is_standing(tx, row.locked_by):
            continue  # already held by another standing signoff (shared evidence)
        row.locked_by = signoff_id


def relock_shared(tx: Tx, participant_id: str, released: str) -> None:
    """After a reopening, shared evidence may still belong to another standing signoff."""
    for e in tx.find(EnrollmentRow, participant_id=participant_id):
        s = standing_signoff(tx, e.id)
        if s is not None and s.id != released:
            lock_rows(tx, e, s.id)
