"""Certificates arriving by package (DESIGN §6): a register entry is taken in only if it
holds together and rests on signoffs that are here.

A trusted laptop can sign any certificate with its own key, and `verify` would call it
valid. So, like a signoff (services/signoff_intake.py), a new certificate must hold
together on its own (`static_problem`, also in a preview): its content has the hash its
payload names, the payload names this certificate, and the register columns agree with
the signed content. Once the package is applied (`applied_problem`, same transaction)
every signoff it lists must be here, of the same participant, with the snapshot hash
the certificate lists. An erased participant's entry (content reduced) is exempt from
the content checks, as in `verify`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..domain.canonical import sha256_hex
from ..domain.codes import format_code
from ..domain.errors import ValidationError
from ..storage.database import Tx
from ..storage.models import CertificateRow, SignoffRow
from .certificate_content import register_mismatch
from .certificate_payload import parse_payload
from .erasure import is_erased, is_erased_content
from .signoff_intake import RowView, UnsoundSignoff


def refusal(code: str, why: str, sender: str) -> UnsoundSignoff:
    return UnsoundSignoff(
        f"Paketet läses inte in: intyget {format_code(code)} håller inte ({why}). Ett intyg "
        f"tas bara emot när det stämmer med signeringarna det bygger på. Avsändare: "
        f"{sender or 'okänd'}. Be avsändaren kontrollera intyget och skicka ett nytt paket. "
        "Inget har ändrats."
    )


def static_problem(row: dict[str, Any]) -> tuple[str, str] | None:
    """(code, why) when an incoming certificate does not hold together."""
    code = str(row["code"])
    try:
        content = json.loads(row["content"])
        stored = parse_payload(row["payload"])
    except (ValueError, TypeError, ValidationError):
        return code, "innehållet eller den signerade koden går inte att läsa"
    if not isinstance(content, dict):
        return code, "innehållet går inte att läsa"
    if (stored.certificate_id, stored.code, stored.content_sha256) != (
        row["id"],
        row["code"],
        row["payload_sha256"],
    ):
        return code, "den signerade koden hör inte till intyget"
    if is_erased_content(row["content"]):
        return None  # reduced by an erasure: `applied_problem` wants the erasure
    if sha256_hex(str(row["content"]).encode("utf-8")) != row["payload_sha256"]:
        return code, "innehållet har en annan kontrollsumma än den signerade"
    mismatch = register_mismatch(RowView(row), content, stored)  # type: ignore[arg-type]
    if mismatch:
        return code, mismatch
    return None


def applied_problem(tx: Tx, certificate_ids: Iterable[str]) -> tuple[str, str] | None:
    """After the package's rows are applied: (code, why) for the first new certificate
    whose signoffs are not here as it lists them."""
    for cid in sorted(set(certificate_ids)):
        c = tx.get(CertificateRow, cid)
        if c is None:
            continue
        if is_erased_content(c.content):
            if not is_erased(tx, c.participant_id):
                return c.code, "det är tömt men deltagaren är inte raderad"
            continue
        modules = json.loads(c.content).get("modules", [])
        if not modules:
            return c.code, "det listar inga signerade moduler"
        for m in modules:
            s = tx.get(SignoffRow, str(m.get("signoff_id", "")))
            title = str(m.get("title", "en modul"))[:80]
            if s is None:
                return c.code, f"signeringen av {title} finns varken i paketet eller här"
            if s.participant_id != c.participant_id:
                return c.code, f"signeringen av {title} gäller en annan deltagare"
            if s.snapshot_sha256 != m.get("snapshot_sha256"):
                return c.code, f"signeringen av {title} är inte den som intyget bygger på"
    return None
