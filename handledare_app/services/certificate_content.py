"""What a certificate says, taken only from what its signature covers (issue 12 item 2).

The register row has columns (issue date, preliminary flag, participant, signoffs,
issuer) that are handy for queries but not signed; the signed content (whose SHA-256 is
in the signed payload) holds the same facts. Readers use the content, and `check` and
`verify` call any difference between the two tampering.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..domain.canonical import canonical_json
from ..storage import integrity
from ..storage.database import Tx
from ..storage.models import CertificateRevocationRow, CertificateRow, SignoffRow
from . import crypto

if TYPE_CHECKING:
    from .certificate_payload import Payload
    from .keys import InstallationKeys


def signoff_was_here(tx: Tx, signoff_id: str) -> bool:
    """The audit log remembers this signoff being created here (so it was removed)."""
    return integrity.was_created(tx, "signoff", signoff_id)


def revocation_was_here(tx: Tx, certificate_id: str) -> bool:
    """The audit log remembers a revocation of this certificate, now gone."""
    return integrity.created_with(tx, "certificate_revocation", "certificate_id", certificate_id)


def revocation_statement(
    certificate_id: str, code: str, reason: str, revoked_on: dt.date, signer_id: str
) -> bytes:
    """The bytes a revocation's signature covers."""
    return canonical_json(
        {
            "format": 1,
            "kind": "revocation",
            "certificate_id": certificate_id,
            "code": code,
            "reason": reason,
            "revoked_on": revoked_on.isoformat(),
            "signer_installation_id": signer_id,
        }
    )


def signed_revocation(
    keys: InstallationKeys,
    installation_id: str,
    cert: CertificateRow,
    reason: str,
    actor_id: str | None,
) -> CertificateRevocationRow:
    today = dt.date.today()
    statement = revocation_statement(cert.id, cert.code, reason, today, installation_id)
    return CertificateRevocationRow(
        certificate_id=cert.id,
        reason=reason,
        revoked_by=actor_id,
        revoked_on=today,
        signature=keys.sign(statement).hex(),
        signer_installation_id=installation_id,
    )


def revocation_holds(r: CertificateRevocationRow, cert: CertificateRow, keys: list[bytes]) -> bool:
    """True when the revocation's signature verifies with one of the signer's keys."""
    if r.signature is None or r.signer_installation_id is None:
        return True  # made before revocations were signed
    try:
        signature = bytes.fromhex(r.signature)
    except ValueError:
        return False
    statement = revocation_statement(
        cert.id, cert.code, r.reason, r.revoked_on, r.signer_installation_id
    )
    return any(crypto.verify(k, statement, signature) for k in keys)


def signed_name(tx: Tx, signoff_ids: list[str]) -> str:
    """The participant's name as signed in the newest of these signoffs' snapshots."""
    names = []
    for sid in signoff_ids:
        s = tx.get(SignoffRow, sid)
        if s is not None:
            snap = json.loads(s.snapshot)
            names.append((s.signed_on, s.created_at, str(snap["participant"]["name"])))
    return max(names)[2] if names else ""


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def signed_view(shown_code: str, content: dict[str, Any]) -> dict[str, Any]:
    """The fields `verify` shows, all from the signed content."""
    return {
        "code": shown_code,
        "participant_name": str(content.get("participant", {}).get("name", "")),
        "workplace_name": str(content.get("workplace", {}).get("name", "")),
        "issued_on": _date(content.get("issued_on")),
        "module_titles": tuple(
            f"{m.get('title', '')} (version {m.get('version', '')}, signerad "
            f"{m.get('signed_on', '')})"
            for m in content.get("modules", [])
        ),
        "preliminary": bool(content.get("preliminary", False)),
    }


def register_mismatch(row: CertificateRow, content: dict[str, Any], stored: Payload) -> str:
    """A Swedish phrase naming the register column that differs from the signed content
    (or from the signed payload), or "" when they agree."""
    checks: list[tuple[bool, str]] = [
        (content.get("id") == row.id, "intygets id"),
        (content.get("code") == row.code == stored.code, "kontrollkoden"),
        (
            content.get("issued_on") == row.issued_on.isoformat() == stored.issued_on,
            "utfärdandedatumet",
        ),
        (bool(content.get("preliminary")) == bool(row.preliminary), "preliminärmarkeringen"),
        (content.get("participant", {}).get("id") == row.participant_id, "deltagaren"),
        (
            [m.get("signoff_id") for m in content.get("modules", [])] == list(row.signoff_ids),
            "listan över signeringar",
        ),
        (
            content.get("issuer_installation_id")
            == row.issuer_installation_id
            == stored.installation_id,
            "utfärdande installation",
        ),
        (content.get("workplace", {}).get("id") == stored.workplace_id, "arbetsplatsen"),
    ]
    for ok, what in checks:
        if not ok:
            return f"{what} i registret stämmer inte med det signerade innehållet"
    return ""
