"""`verify CODE` at Coompanion: certificates from the collected registers (issue 10).

The reports carry each company's certificate register without names or content: code,
issue date, content hash and the signed QR payload. A code that is not in this
installation's own register is looked up there; the payload's signature is checked
against the issuing installation's key from the network file, and that installation
must belong to the company that reported the certificate.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from ..domain.errors import ValidationError
from ..domain.signing import Verdict, VerificationResult
from . import crypto

if TYPE_CHECKING:
    from .app import App


def verify_collected(
    app: App, code: str, shown: str, scanned_text: str | None
) -> VerificationResult | None:
    """A verdict from the collected registers, or None when the code is not there."""
    from .certificate_payload import parse_payload
    from .collection import CollectionService

    found = CollectionService(app).find_certificate(code)
    if found is None:
        return None
    row, company = found

    def result(verdict: Verdict, explanation: str) -> VerificationResult:
        return VerificationResult(
            verdict,
            shown,
            explanation,
            workplace_name=company,
            issued_on=row.issued_on,
            preliminary=bool(row.preliminary),
        )

    problem = ""
    try:
        payload = parse_payload(row.payload)
    except ValidationError:
        payload = None
        problem = "den signerade koden i registret är skadad"
    if payload is not None:
        if (payload.code, payload.content_sha256) != (row.code, row.payload_sha256):
            problem = "den signerade koden hör inte till intyget"
        elif payload.workplace_id != row.workplace_id:
            problem = "intyget är utfärdat av ett annat företag än det som rapporterade det"
        elif scanned_text is not None and scanned_text.strip() != row.payload:
            problem = "QR-koden skiljer sig från registret"
        else:
            keys = [
                i.signing_public_key
                for i in app.exchange.trust.installations()
                if i.id == payload.installation_id and i.workplace_id == row.workplace_id
            ]
            ok = False
            for key in keys:
                with contextlib.suppress(ValueError):
                    ok = ok or crypto.verify(
                        bytes.fromhex(key), payload.signed_text.encode("ascii"), payload.signature
                    )
            if not keys:
                return result(
                    Verdict.UNKNOWN,
                    (
                        f"Intyget finns i det register {company} har rapporterat, men datorn "
                        "som utfärdade det finns inte i nätverksfilen. Äktheten kan inte "
                        "kontrolleras här."
                    ),
                )
            if not ok:
                problem = "den digitala signaturen stämmer inte"
    if problem:
        return result(
            Verdict.ALTERED,
            (
                f"Uppgifterna i det insamlade registret stämmer inte ({problem}). Intyget ska "
                f"inte godtas. Kontakta {company}."
            ),
        )
    if row.revoked_on is not None:
        return result(
            Verdict.REVOKED,
            (
                f"Intyget återkallades {row.revoked_on.isoformat()} enligt registret från "
                f"{company} och gäller inte längre."
            ),
        )
    return result(
        Verdict.VALID,
        (
            f"Intyget finns i registret som {company} har rapporterat till Coompanion, är "
            f"utfärdat {row.issued_on.isoformat()} och den digitala signaturen stämmer. "
            "Registret hos Coompanion har inga namn: jämför namnet med intyget och "
            f"kontrollsumman {row.payload_sha256[:16]}… med QR-koden."
        ),
    )
