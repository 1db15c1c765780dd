"""`check` for erasures (issue 15): an erased audit entry or signed row is told apart
from a tampered one. Erased content is fine when a registered erasure (or a retention
run) emptied it and it holds exactly the erased form; anything else is a problem."""

from __future__ import annotations

from ..domain.codes import format_code
from ..storage.database import Tx
from ..storage.models import (
    CertificateRow,
    ErasureRow,
    EvidenceRow,
    FollowUpRow,
    ParticipantRow,
    SignoffRow,
)
from .audit_markers import misfit_markers
from .code_labels import ENTITY_LABELS
from .erasure import (
    ERASED_NAME,
    erased_certificate_content,
    erased_signatures,
    erased_snapshot,
    is_erased_content,
)


def erased_audit_problems(tx: Tx) -> list[str]:
    """Audit entries emptied without a registered erasure or retention run that fits
    them (services/audit_markers.py)."""
    return [
        f"Granskningsloggen: innehållet i post {seq} är borttaget {why} (posten gäller "
        f"{ENTITY_LABELS.get(entity, entity).lower()} med id {record_id}). Det kan ha "
        "tagits bort obehörigt för att dölja en ändring."
        for seq, entity, record_id, why in misfit_markers(tx)
    ]


def erased_row_problems(tx: Tx) -> list[str]:
    """Erased participants whose rows are not (exactly) in the erased form."""
    out = []
    for e in tx.find(ErasureRow, order_by="erased_on"):
        pid = e.participant_id
        left: list[str] = []
        p = tx.get(ParticipantRow, pid)
        if p is not None and (
            p.first_name != ERASED_NAME or p.last_name or p.personnummer or p.phone or p.email
        ):
            left.append("personuppgifter")
        if tx.count(EvidenceRow, participant_id=pid):
            left.append("bevis")
        if tx.count(FollowUpRow, participant_id=pid):
            left.append("uppföljningar")
        for s in tx.find(SignoffRow, participant_id=pid):
            if (
                not is_erased_content(s.snapshot)
                or erased_snapshot(s.snapshot, pid) != s.snapshot
                or erased_signatures(s.signatures) != s.signatures
            ):
                left.append(f"signeringen {s.id}")
        for c in tx.find(CertificateRow, participant_id=pid):
            if erased_certificate_content(c.content, pid) != c.content:
                left.append(f"intyget {format_code(c.code)}")
        if left:
            out.append(
                f"Deltagaren {pid} är raderad men det finns kvar eller har ändrats efteråt: "
                + ", ".join(left)
                + "."
            )
    return out
