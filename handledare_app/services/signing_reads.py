"""Reading sign-offs (DESIGN §6): the standing one of a module, a participant's, the
snapshot and its summary, the evidence behind each criterion, the modules ready for
signing, drawn strokes. SigningService (services/signing.py) adds signing and reopening."""

from __future__ import annotations

import json
from typing import Any

from ..domain.enums import AssessmentStatus
from ..domain.signing import (
    CriterionEvidence,
    QaState,
    ReadyModule,
    SignatureInfo,
    SignatureMethod,
    SignerRole,
    SignoffInfo,
    Stroke,
)
from ..domain.swedish import sort_key
from ..storage.database import Tx
from ..storage.models import (
    AssessmentRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    ModuleRow,
    ParticipantRow,
    QaReviewRow,
    SignoffReopeningRow,
    SignoffRow,
    SupervisorRow,
)
from .base import Service, require
from .catalogue import module_info
from .signoff_locks import (
    evidence_rows_for,
    is_standing,
    standing_signoff,
)


def participant_name(p: ParticipantRow) -> str:
    return f"{p.first_name} {p.last_name}".strip()


def qa_state(tx: Tx, s: SignoffRow) -> tuple[QaState, str, str]:
    review = tx.first(QaReviewRow, signoff_id=s.id)
    if review is not None:
        reviewer = tx.get(SupervisorRow, review.reviewer_id)
        state = QaState.APPROVED if review.decision == "approved" else QaState.RETURNED
        return state, review.comment, reviewer.name if reviewer else ""
    return (QaState.PENDING if s.qa_sampled else QaState.NOT_SAMPLED), "", ""


def signoff_info(tx: Tx, s: SignoffRow) -> SignoffInfo:
    snap = json.loads(s.snapshot)
    reopening = tx.first(SignoffReopeningRow, signoff_id=s.id)
    state, comment, reviewer = qa_state(tx, s)
    sigs = tuple(
        SignatureInfo(
            SignerRole(g["role"]),
            SignatureMethod(g["method"]),
            g["signer_name"],
            g.get("signer_id"),
            g["signed_at"],
            g.get("blob_sha256"),
            g.get("typed_name", ""),
        )
        for g in s.signatures
    )
    assessors = {c["assessed_by"] for c in snap["criteria"] if c.get("assessed_by")}
    return SignoffInfo(
        s.id,
        s.enrollment_id,
        s.participant_id,
        snap["participant"]["name"],
        snap["module"]["code"],
        snap["module"]["title"],
        snap["module"]["version"],
        s.supervisor_id,
        snap["supervisor"]["name"],
        s.signed_on,
        s.snapshot_sha256,
        sigs,
        s.supersedes_id,
        reopening is not None,
        reopening.reason if reopening else "",
        s.qa_sampled,
        state,
        comment,
        reviewer,
        frozenset({*assessors, s.supervisor_id}),
    )


class SignoffReads(Service):
    """The read side of SigningService."""

    def standing(self, enrollment_id: str) -> SignoffInfo | None:
        with self.db.reader() as tx:
            s = standing_signoff(tx, enrollment_id)
            return signoff_info(tx, s) if s else None

    def get(self, signoff_id: str) -> SignoffInfo:
        with self.db.reader() as tx:
            return signoff_info(tx, require(tx, SignoffRow, signoff_id, "Signeringen"))

    def for_participant(self, participant_id: str, *, history: bool = False) -> list[SignoffInfo]:
        """Standing signoffs (or every version, oldest first, with `history`)."""
        with self.db.reader() as tx:
            rows = tx.find(SignoffRow, order_by="created_at", participant_id=participant_id)
            infos = [signoff_info(tx, s) for s in rows]
        return infos if history else [i for i in infos if not i.reopened]

    def snapshot(self, signoff_id: str) -> dict[str, Any]:
        with self.db.reader() as tx:
            s = require(tx, SignoffRow, signoff_id, "Signeringen")
            value: dict[str, Any] = json.loads(s.snapshot)
            return value

    def summary_lines(self, enrollment_id: str) -> tuple[str, list[str], int]:
        """Plain-language summary for the participant: (module title, outcomes, evidence)."""
        with self.db.reader() as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            m = require(tx, ModuleRow, e.module_id, "Modulen")
            info = module_info(tx, m)
            criteria = {c.id for c in info.criteria}
            n_evidence = len(evidence_rows_for(tx, e.participant_id, criteria))
            return m.title, [o.text for o in info.outcomes], n_evidence

    def evidence_per_criterion(self, enrollment_id: str) -> list[CriterionEvidence]:
        """For the signing summary: per criterion, the titles of the evidence showing it."""
        with self.db.reader() as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            m = require(tx, ModuleRow, e.module_id, "Modulen")
            info = module_info(tx, m)
            ids = {c.id for c in info.criteria}
            evidence = {r.id: r for r in evidence_rows_for(tx, e.participant_id, ids)}
            titles: dict[str, list[str]] = {c: [] for c in ids}
            for link in tx.find_in(EvidenceCriterionRow, "criterion_id", sorted(ids)):
                ev = evidence.get(link.evidence_id)
                if ev is not None:
                    titles[link.criterion_id].append(f"{ev.title} ({ev.date.isoformat()})")
            return [
                CriterionEvidence(c.number, c.text, tuple(sorted(titles[c.id])))
                for c in info.criteria
            ]

    def ready_for_signing(self) -> list[ReadyModule]:
        """Active modules with every criterion achieved and no standing signoff."""
        with self.db.reader() as tx:
            out = []
            for e in tx.find(EnrollmentRow, order_by="enrolled_on", active=True):
                if is_standing(tx, e.locked_by) or standing_signoff(tx, e.id) is not None:
                    continue
                criteria = {c.id for c in tx.find(CriterionRow, module_id=e.module_id)}
                achieved = {
                    a.criterion_id
                    for a in tx.find(AssessmentRow, enrollment_id=e.id)
                    if a.status == AssessmentStatus.ACHIEVED.value
                }
                if not criteria or not criteria <= achieved:
                    continue
                p = tx.get(ParticipantRow, e.participant_id)
                m = tx.get(ModuleRow, e.module_id)
                if p is None or m is None:
                    continue
                returned = [
                    r.reason
                    for s in tx.find(SignoffRow, enrollment_id=e.id)
                    for r in tx.find(SignoffReopeningRow, signoff_id=s.id)
                ]
                out.append(
                    ReadyModule(
                        e.id,
                        p.id,
                        participant_name(p),
                        m.code,
                        m.title,
                        returned[-1] if returned else "",
                    )
                )
            return sorted(out, key=lambda r: (sort_key(r.participant_name), r.module_title))

    def standing_all(self) -> list[SignoffInfo]:
        """Every standing signoff, newest first."""
        with self.db.reader() as tx:
            rows = tx.find(SignoffRow, order_by="created_at")
            return [signoff_info(tx, s) for s in reversed(rows) if is_standing(tx, s.id)]

    def participants_with_signoffs(self) -> list[str]:
        """Ids of participants with at least one standing signoff."""
        with self.db.reader() as tx:
            ids = {s.participant_id for s in tx.find(SignoffRow) if is_standing(tx, s.id)}
        return sorted(ids)

    def participant_of(self, enrollment_id: str) -> str:
        with self.db.reader() as tx:
            return require(
                tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen"
            ).participant_id

    def strokes(self, sha256: str) -> list[Stroke]:
        """A drawn signature's strokes, read back from the blob store."""
        data = json.loads(self.app.blobs.path_for(sha256).read_bytes())
        return [[(float(x), float(y)) for x, y in stroke] for stroke in data["strokes"]]
