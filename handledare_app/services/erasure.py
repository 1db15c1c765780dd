"""Erasure of a participant (issue 15): every personal field, evidence text and file,
photo, drawn signature, follow-up note and free text about them goes, here and, through
the replicated erasure row and erasure tombstones, on every laptop that syncs.

What stays: the participant row as a pseudonym (id, workplace, stage) with the
placements, enrollments and assessment statuses (the follow-up counts), the certificate
register entry (code, date, modules, content hash, signature) and the audit chain (its
entries about the participant keep their headers; their content becomes a marker).

`apply_erasure` is idempotent and deterministic: the import runs it again whenever rows
of an erased participant arrive, so every laptop ends with the same erased rows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..domain.canonical import canonical_json
from ..domain.enums import Role
from ..domain.errors import ValidationError
from ..domain.swedish import count_text
from ..storage.audit_erasure import ERASURE_MARKER, entries_about, erase_entries
from ..storage.compact import compact
from ..storage.database import Tx
from ..storage.models import (
    AssessmentRow,
    AttachmentRow,
    CertificateRevocationRow,
    CertificateRow,
    ConflictRow,
    ErasureRow,
    EvidenceCriterionRow,
    EvidenceRow,
    FollowUpRow,
    IntroductionItemRow,
    ParticipantRow,
    QaReviewRow,
    SignoffReopeningRow,
    SignoffRow,
    WorkPlanRow,
)
from .base import Service, require

ERASED_NAME = "Raderad"
ERASED_TEXT = "[raderad]"
MAX_REASON = 500
KINDS = ("radering", "gallring")


# What an erasure does with each table about a participant. A table added later that
# points at a participant (or at one of these) must be listed here: a test fails until it is.
HANDLED_TABLES: dict[str, str] = {
    "participant": "personal fields blanked (PARTICIPANT_KEPT stays)",
    "erasure": "kept",
    "placement": "kept (dates, type, referrer, outcome: the follow-up counts)",
    "enrollment": "kept (module and date)",
    "introduction_item": "deleted",
    "work_plan": "deleted",
    "follow_up": "deleted",
    "evidence": "deleted",
    "attachment": "deleted, files removed",
    "evidence_criterion": "deleted",
    "assessment": "comment blanked",
    "signoff": "snapshot and signatures reduced, drawn signatures removed",
    "certificate": "content reduced; code, date, hash, payload and signature kept",
    "signoff_reopening": "reason blanked",
    "qa_review": "comment blanked",
    "certificate_revocation": "reason blanked",
}
PARTICIPANT_BLANKED: dict[str, Any] = {
    "first_name": ERASED_NAME,
    "last_name": "",
    "personnummer": None,
    "birth_year": None,
    "phone": "",
    "email": "",
    "photo_consent": False,
    "photo_consent_date": None,
    "introduction_done_reason": None,
    "introduction_done_on": None,
}
# Gender stays with the placements: a pseudonymous count for the follow-up figures.
PARTICIPANT_KEPT = frozenset({"workplace_id", "responsible_id", "stage", "gender"})


@dataclass(frozen=True)
class ErasurePreview:
    """What an erasure will remove, for the confirmation."""

    participant_id: str
    name: str
    lines: tuple[str, ...]
    already_erased: bool = False


@dataclass
class ErasureOutcome:
    participant_id: str
    erasure_id: str
    blobs_removed: int = 0
    audit_entries: int = 0
    removed: dict[str, int] = field(default_factory=dict)


def erased_ids(tx: Tx) -> set[str]:
    return {e.participant_id for e in tx.find(ErasureRow)}


def is_erased(tx: Tx, participant_id: str) -> bool:
    return tx.first(ErasureRow, participant_id=participant_id) is not None


def _dump(value: Any) -> str:
    return canonical_json(value).decode("utf-8")


def erased_snapshot(text: str, participant_id: str) -> str:
    """A signoff snapshot without anything about the person: the module, dates and the
    enrollment stay (the certificate register and the counts need them)."""
    try:
        snap = json.loads(text)
    except ValueError:
        snap = {}
    if not isinstance(snap, dict):
        snap = {}
    keep = {k: snap[k] for k in ("format", "module", "enrollment", "signed_on") if k in snap}
    return _dump({**keep, "erased": True, "participant": {"id": participant_id, "name": ""}})


def erased_signatures(signatures: list[Any]) -> list[Any]:
    return [
        {"role": g.get("role", ""), "method": g.get("method", ""), "erased": True}
        for g in signatures
        if isinstance(g, dict)
    ]


def erased_certificate_content(text: str, participant_id: str) -> str:
    try:
        content = json.loads(text)
    except ValueError:
        content = {}
    if not isinstance(content, dict):
        content = {}
    modules = [
        {k: v for k, v in m.items() if k not in ("signatures", "qa_label")}
        for m in content.get("modules", [])
        if isinstance(m, dict)
    ]
    return _dump(
        {
            **content,
            "participant": {"id": participant_id, "name": ""},
            "modules": modules,
            "erased": True,
        }
    )


def is_erased_content(text: str) -> bool:
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("erased") is True


ERASED_EXPLANATION = (
    "Intyget är giltigt; personuppgifterna är raderade hos utfärdaren. Koden, datumet, "
    "modulerna, kontrollsumman och den digitala signaturen stämmer."
)


def certificate_erased(tx: Tx, row: CertificateRow) -> bool:
    """The register entry of an erased participant (content reduced by the erasure)."""
    return is_erased_content(row.content) and is_erased(tx, row.participant_id)


def _blank_participant(p: ParticipantRow) -> None:
    for name, value in PARTICIPANT_BLANKED.items():
        if getattr(p, name) != value:
            setattr(p, name, value)


def apply_erasure(tx: Tx, erasure: ErasureRow) -> tuple[set[str], int, dict[str, int]]:
    """Erase everything about erasure.participant_id that is still here. Returns the blob
    hashes no longer needed by the erased rows (remove them after commit unless still
    referenced), the number of audit entries emptied, and counts of removed rows."""
    pid = erasure.participant_id
    ctx = tx.session.info["ctx"]
    ctx.delete_reason = "erasure"
    removed: dict[str, int] = {}
    blobs: set[str] = set()

    def gone(label: str, rows: list[Any]) -> None:
        for row in rows:
            tx.delete(row)
        if rows:
            removed[label] = removed.get(label, 0) + len(rows)

    p = tx.get(ParticipantRow, pid)
    if p is not None:
        _blank_participant(p)
    evidence = tx.find(EvidenceRow, participant_id=pid)
    ev_ids = [e.id for e in evidence]
    attachments = tx.find_in(AttachmentRow, "evidence_id", ev_ids) if ev_ids else []
    blobs.update(a.sha256 for a in attachments)
    gone("bilagor", attachments)
    gone("kopplingar", tx.find_in(EvidenceCriterionRow, "evidence_id", ev_ids) if ev_ids else [])
    tx.flush()
    gone("bevis", evidence)
    gone("uppföljningar", tx.find(FollowUpRow, participant_id=pid))
    gone("arbetsplaner", tx.find(WorkPlanRow, participant_id=pid))
    gone("introduktion", tx.find(IntroductionItemRow, participant_id=pid))
    for a in tx.find(AssessmentRow, participant_id=pid):
        if a.comment:
            a.comment = ""
    for s in tx.find(SignoffRow, participant_id=pid):
        blobs.update(g["blob_sha256"] for g in s.signatures if g.get("blob_sha256"))
        snapshot = erased_snapshot(s.snapshot, pid)
        if s.snapshot != snapshot:
            s.snapshot = snapshot
        signatures = erased_signatures(s.signatures)
        if s.signatures != signatures:
            s.signatures = signatures
        review = tx.first(QaReviewRow, signoff_id=s.id)
        if review is not None and review.comment:
            review.comment = ""
        reopening = tx.first(SignoffReopeningRow, signoff_id=s.id)
        if reopening is not None and reopening.reason != ERASED_TEXT:
            reopening.reason = ERASED_TEXT
    for c in tx.find(CertificateRow, participant_id=pid):
        content = erased_certificate_content(c.content, pid)
        if c.content != content:
            c.content = content
        revocation = tx.first(CertificateRevocationRow, certificate_id=c.id)
        if revocation is not None and revocation.reason != ERASED_TEXT:
            revocation.reason = ERASED_TEXT
    tx.flush()
    seqs, ids = entries_about(tx, pid)
    erase_entries(tx, seqs, ERASURE_MARKER + erasure.id)
    every_id = {rid for group in ids.values() for rid in group}
    for conflict in tx.find_in(ConflictRow, "record_id", sorted(every_id)):
        tx.session.delete(conflict)
    ctx.delete_reason = "deleted"
    return blobs, len(seqs), removed


def participants_in(entity: str, rows: list[dict[str, Any]]) -> set[str]:
    """Participant ids that incoming rows of `entity` are about (for re-erasure)."""
    if entity == "participant":
        return {str(r["id"]) for r in rows}
    return {str(r["participant_id"]) for r in rows if r.get("participant_id")}


def blobs_in_use(tx: Tx) -> set[str]:
    used = {a.sha256 for a in tx.find(AttachmentRow)}
    for s in tx.find(SignoffRow):
        used.update(g["blob_sha256"] for g in s.signatures if g.get("blob_sha256"))
    return used


class ErasureService(Service):
    def preview(self, participant_id: str) -> ErasurePreview:
        with self.db.reader() as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            name = f"{p.first_name} {p.last_name}".strip()
            if is_erased(tx, participant_id):
                return ErasurePreview(participant_id, name, (), already_erased=True)
            evidence = tx.find(EvidenceRow, participant_id=participant_id)
            ev_ids = [e.id for e in evidence]
            atts = tx.find_in(AttachmentRow, "evidence_id", ev_ids) if ev_ids else []
            photos = sum(1 for a in atts if a.kind == "photo")
            signoffs = tx.find(SignoffRow, participant_id=participant_id)
            drawn = sum(1 for s in signoffs for g in s.signatures if g.get("blob_sha256"))
            certificates = tx.count(CertificateRow, participant_id=participant_id)
            lines: tuple[str, ...] = (
                f"Personuppgifter: namn, personnummer, födelseår, telefon och e-post för {name}",
                f"{len(evidence)} bevis med text",
                f"{count_text(len(atts) - photos, 'fil', 'filer')} och "
                f"{count_text(photos, 'foto', 'foton')}",
                count_text(
                    drawn, "ritad eller inskannad signatur", "ritade eller inskannade signaturer"
                ),
                count_text(
                    tx.count(FollowUpRow, participant_id=participant_id),
                    "uppföljningsanteckning",
                    "uppföljningsanteckningar",
                ),
                "Arbetsplanens text, kommentarer till bedömningar och all annan fritext "
                "om deltagaren, även i granskningsloggen",
            )
            # What stays is said only where there is something to keep.
            if signoffs:
                lines += (
                    f"{len(signoffs)} {'signering behåller' if len(signoffs) == 1 else 'signeringar behåller'} "
                    "modul och datum men inte innehållet",
                )
            if certificates:
                lines += (
                    f"{certificates} intyg finns kvar i registret (kod, datum, moduler, "
                    "kontrollsumma, signatur) och svarar "
                    "”giltigt; personuppgifterna är raderade hos utfärdaren”",
                )
            return ErasurePreview(participant_id, name, lines)

    def erase(
        self,
        actor_id: str | None,
        participant_id: str,
        reason: str,
        *,
        kind: str = "radering",
        backup: bool = True,
    ) -> ErasureOutcome:
        """Erase one participant. Admin only; a reason is required."""
        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        reason = reason.strip()
        if not reason:
            raise ValidationError("Ange ett skäl till raderingen.")
        if len(reason) > MAX_REASON:
            raise ValidationError(f"Skälet får vara högst {MAX_REASON} tecken.")
        if kind not in KINDS:
            raise ValidationError(f"Okänd sorts radering ”{kind}”.")
        with self.db.reader() as tx:
            require(tx, ParticipantRow, participant_id, "Deltagaren")
            if is_erased(tx, participant_id):
                raise ValidationError("Deltagarens uppgifter är redan raderade.")
        if backup:
            self.app.backup_now("fore-radering")
        with self.db.transaction(actor_id) as tx:
            row = tx.add(
                ErasureRow(
                    participant_id=participant_id,
                    kind=kind,
                    reason=reason,
                    erased_by=actor_id,
                    erased_on=dt.date.today(),
                )
            )
            tx.flush()
            blobs, entries, removed = apply_erasure(tx, row)
            erasure_id = row.id
            in_use = blobs_in_use(tx)
        outcome = ErasureOutcome(participant_id, erasure_id, audit_entries=entries, removed=removed)
        outcome.blobs_removed = self.remove_blobs(blobs - in_use)
        self.compact()  # the old values leave the file's free pages and the WAL too
        return outcome

    def remove_blobs(self, hashes: set[str]) -> int:
        n = 0
        for h in sorted(hashes):
            path = self.app.blobs.path_for(h)
            if path.is_file():
                path.unlink()
                n += 1
        return n

    def sweep_orphan_blobs(self) -> int:
        """Remove blob files that no attachment or signature refers to."""
        with self.db.reader() as tx:
            used = blobs_in_use(tx)
        root = self.app.blobs.root
        if not root.is_dir():
            return 0
        stale = {
            f.name
            for d in root.iterdir()
            if d.is_dir() and len(d.name) == 2
            for f in d.iterdir()
            if f.is_file() and len(f.name) == 64 and f.name not in used
        }
        return self.remove_blobs(stale)

    def reapply(self, tx: Tx, participant_ids: set[str]) -> set[str]:
        """After an import: erase again whatever arrived about erased participants.
        Returns blob hashes the erased rows used (for removal after commit)."""
        blobs: set[str] = set()
        if not participant_ids:
            return blobs
        for e in tx.find_in(ErasureRow, "participant_id", sorted(participant_ids)):
            found, _n, _removed = apply_erasure(tx, e)
            blobs |= found
        return blobs

    def compact(self) -> None:
        """Rewrite the database file so erased values leave free pages and the WAL."""
        compact(self.db)

    def erased(self) -> set[str]:
        with self.db.reader() as tx:
            return erased_ids(tx)
