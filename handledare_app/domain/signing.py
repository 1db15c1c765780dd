"""Read models and rules for signing, quality assurance and certificates (issue 4)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import ValidationError


class SignerRole(StrEnum):
    SUPERVISOR = "supervisor"
    PARTICIPANT = "participant"


class SignatureMethod(StrEnum):
    DRAWN = "drawn"
    TYPED = "typed"
    PAPER = "paper"


METHOD_LABELS = {
    SignatureMethod.DRAWN: "Ritad på skärmen",
    SignatureMethod.TYPED: "Skriven med tangentbordet",
    SignatureMethod.PAPER: "Signerad på papper",
}
ROLE_LABELS = {SignerRole.SUPERVISOR: "Handledare", SignerRole.PARTICIPANT: "Deltagare"}


class QaState(StrEnum):
    NOT_SAMPLED = "not_sampled"
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


QA_LABELS = {
    QaState.NOT_SAMPLED: "Inte i stickprovet",
    QaState.PENDING: "Väntar på kvalitetssäkring",
    QaState.APPROVED: "Godkänd av kvalitetssäkrare",
    QaState.RETURNED: "Återlämnad för rättelse",
}


class Verdict(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    ALTERED = "altered"


VERDICT_LABELS = {
    Verdict.VALID: "giltigt",
    Verdict.REVOKED: "återkallat",
    Verdict.UNKNOWN: "okänt",
    Verdict.ALTERED: "ändrat",
}

Stroke = list[tuple[float, float]]
# A drawn signature shorter than this (in pad widths) is a dot or a slip, not a name.
MIN_INK_LENGTH = 0.15
MAX_POINTS = 20_000


def ink_length(strokes: list[Stroke]) -> float:
    total = 0.0
    for stroke in strokes:
        for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
            total += math.hypot(x1 - x0, y1 - y0)
    return total


def validate_strokes(strokes: list[Stroke], who: str) -> list[Stroke]:
    """Strokes in the unit square (x right, y down, 0..1 each); refuses an empty pad."""
    clean: list[Stroke] = []
    points = 0
    for stroke in strokes:
        pts = [(min(1.0, max(0.0, float(x))), min(1.0, max(0.0, float(y)))) for x, y in stroke]
        points += len(pts)
        if len(pts) >= 2:
            clean.append([(round(x, 4), round(y, 4)) for x, y in pts])
    if not clean or ink_length(clean) < MIN_INK_LENGTH:
        raise ValidationError(
            f"{who} ritade signatur är tom. Rita namnteckningen i rutan med mus, finger eller penna."
        )
    if points > MAX_POINTS:
        raise ValidationError(f"{who} ritade signatur är för stor. Sudda och rita den igen.")
    return clean


@dataclass(frozen=True)
class CriterionEvidence:
    """One line of the signing summary: a criterion and the evidence that shows it."""

    number: str
    text: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class SignatureInput:
    """What the signing dialog collected for one signer."""

    method: SignatureMethod
    typed_name: str = ""
    strokes: list[Stroke] = field(default_factory=list)
    scan_path: str | None = None  # paper: an optional scan of the signed sheet


@dataclass(frozen=True)
class SignatureInfo:
    role: SignerRole
    method: SignatureMethod
    signer_name: str
    signer_id: str | None
    signed_at: str
    blob_sha256: str | None  # strokes (drawn) or the scan (paper)
    typed_name: str


@dataclass(frozen=True)
class SignoffInfo:
    id: str
    enrollment_id: str
    participant_id: str
    participant_name: str
    module_code: str
    module_title: str
    module_version: int
    supervisor_id: str
    supervisor_name: str
    signed_on: dt.date
    snapshot_sha256: str
    signatures: tuple[SignatureInfo, ...]
    supersedes_id: str | None
    reopened: bool
    reopen_reason: str
    qa_sampled: bool
    qa_state: QaState
    qa_comment: str
    qa_reviewer_name: str
    assessor_ids: frozenset[str]

    @property
    def qa_label(self) -> str:
        return QA_LABELS[self.qa_state]


@dataclass(frozen=True)
class CertificateInfo:
    id: str
    participant_id: str
    code: str
    issued_on: dt.date
    preliminary: bool
    revoked: bool
    revoke_reason: str
    module_titles: tuple[str, ...]

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"


@dataclass(frozen=True)
class VerificationResult:
    verdict: Verdict
    code: str
    explanation: str
    participant_name: str = ""
    workplace_name: str = ""
    issued_on: dt.date | None = None
    module_titles: tuple[str, ...] = ()
    preliminary: bool = False

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class ReadyModule:
    enrollment_id: str
    participant_id: str
    participant_name: str
    module_code: str
    module_title: str
    reopen_reason: str  # why an earlier signoff was reopened (empty if none)


@dataclass(frozen=True)
class QueueItem:
    signoff: SignoffInfo
    own_work: bool
    note: str  # why this user cannot review it (empty if they can)
