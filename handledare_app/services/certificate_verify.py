"""Offline verification of certificates: the register entry, its content hash, the
signed payload and the issuer's key, and the register check `check` runs."""

from __future__ import annotations

import contextlib
import json

from ..domain.canonical import sha256_hex
from ..domain.codes import format_code, normalise_code
from ..domain.errors import ValidationError
from ..domain.signing import Verdict, VerificationResult
from ..storage.database import Tx
from ..storage.models import CertificateRevocationRow, CertificateRow, InstallationRow, SignoffRow
from . import crypto
from .base import Service
from .certificate_content import (
    register_mismatch,
    revocation_holds,
    revocation_was_here,
    signed_view,
    signoff_was_here,
)
from .certificate_payload import PAYLOAD_PREFIX, Payload, parse_payload
from .erasure import ERASED_EXPLANATION, certificate_erased


class CertificateVerifier(Service):
    def _public_keys(self, tx: Tx, installation_id: str) -> list[bytes]:
        """The issuer's key from this computer's own keys or the trust list (the signed
        network file), never from synced rows: a package must not be able to vouch for
        its own certificates. Revoked keys are left out by the trust list."""
        keys = []
        if installation_id == self.db.installation_id:
            keys.append(self.app.keys.signing_public)
            # The key published at set-up: certificates stay verifiable here even if the
            # keys folder had to be recreated (a restored database without keys/).
            own = tx.get(InstallationRow, installation_id)
            if own is not None and own.signing_public_key:
                with contextlib.suppress(ValueError):
                    keys.append(bytes.fromhex(own.signing_public_key))
        trust = self.app.exchange.trust
        for inst in trust.installations():
            if inst.id == installation_id and not inst.is_self:
                with contextlib.suppress(ValueError):
                    keys.append(bytes.fromhex(inst.signing_public_key))
        if not keys:  # a key an admin accepted by fingerprint for this installation
            for a in trust.accepted_keys():
                if a.get("installation_id") == installation_id:
                    with contextlib.suppress(ValueError, TypeError):
                        keys.append(bytes.fromhex(a["key"]))
        return keys

    def verify(self, text: str) -> VerificationResult:
        """Check a code (or a scanned QR payload) against the register and the keys."""
        scanned: Payload | None = None
        if text.strip().startswith(PAYLOAD_PREFIX + "|"):
            scanned = parse_payload(text)
            code = normalise_code(scanned.code)
        else:
            code = normalise_code(text)
        shown = format_code(code)
        with self.db.reader() as tx:
            row = tx.first(CertificateRow, code=code)
            if row is None:
                from .collection_verify import verify_collected  # Coompanion's registers

                collected = verify_collected(
                    self.app, code, shown, scanned.text if scanned else None
                )
                return collected or self._unknown(tx, shown, scanned)
            try:
                content = json.loads(row.content)
            except ValueError:
                content = {}
            # Only what the signature covers (the content whose hash is signed).
            result = signed_view(shown, content)
            problem = self._tamper_problem(tx, row, scanned)
            if problem == "unknown-issuer":
                return VerificationResult(
                    Verdict.UNKNOWN,
                    explanation=(
                        "Intyget finns i registret, men det är utfärdat av en installation vars "
                        "nyckel den här datorn inte känner till. Äktheten kan därför inte "
                        "kontrolleras här. Läs in nätverksfilen från Coompanion och försök igen."
                    ),
                    **result,
                )
            if problem:
                return VerificationResult(
                    Verdict.ALTERED,
                    explanation=(
                        "Uppgifterna stämmer inte med det som signerades när intyget utfärdades "
                        f"({problem}). Intyget eller registret har ändrats efteråt och ska inte "
                        "godtas. Kontakta arbetsplatsen som utfärdade det."
                    ),
                    **result,
                )
            revocation = tx.first(CertificateRevocationRow, certificate_id=row.id)
            if revocation is None and revocation_was_here(tx, row.id):
                return VerificationResult(
                    Verdict.ALTERED,
                    explanation=(
                        "Intyget har återkallats, men återkallelsen har tagits bort ur "
                        "databasen efteråt. Intyget ska inte godtas. Kontakta arbetsplatsen "
                        "som utfärdade det."
                    ),
                    **result,
                )
            if revocation is not None:
                return VerificationResult(
                    Verdict.REVOKED,
                    explanation=(
                        f"Intyget återkallades {revocation.revoked_on.isoformat()} och gäller "
                        f"inte längre. Skäl: {revocation.reason}"
                    ),
                    **result,
                )
            note = (
                " Intyget är preliminärt: minst en modul väntade på kvalitetssäkring när det "
                "skrevs ut."
                if result["preliminary"]
                else ""
            )
            if certificate_erased(tx, row):
                return VerificationResult(
                    Verdict.VALID, explanation=ERASED_EXPLANATION + note, **result
                )
            return VerificationResult(
                Verdict.VALID,
                explanation=(
                    f"Intyget finns i registret, är utfärdat {result['issued_on'].isoformat()} av "
                    f"{result['workplace_name']} och är oförändrat: kontrollsumman och "
                    f"den digitala signaturen stämmer.{note}"
                ),
                **result,
            )

    def _unknown(self, tx: Tx, shown: str, scanned: Payload | None) -> VerificationResult:
        extra = ""
        if scanned is not None:
            keys = self._public_keys(tx, scanned.installation_id)
            ok = any(
                crypto.verify(k, scanned.signed_text.encode("ascii"), scanned.signature)
                for k in keys
            )
            if ok:
                extra = " QR-kodens digitala signatur är äkta, men intyget saknas i registret här."
        return VerificationResult(
            Verdict.UNKNOWN,
            shown,
            "Koden finns inte i registret på den här datorn. Intyget kan vara utfärdat på en "
            "annan arbetsplats vars register inte finns här, eller så är koden felskriven. "
            "Kontrollera koden, eller fråga Coompanion som har registret för alla arbetsplatser."
            + extra,
        )

    def _tamper_problem(self, tx: Tx, row: CertificateRow, scanned: Payload | None) -> str:
        # Erased (issue 15): the content no longer matches its hash by design; the signed
        # payload (code, date, content hash) and its signature still must.
        erased = certificate_erased(tx, row)
        if not erased and sha256_hex(row.content.encode("utf-8")) != row.payload_sha256:
            return "innehållet har en annan kontrollsumma"
        try:
            stored = parse_payload(row.payload)
        except ValidationError:
            return "den signerade koden i registret är skadad"
        if (stored.certificate_id, stored.code, stored.content_sha256) != (
            row.id,
            row.code,
            row.payload_sha256,
        ):
            return "den signerade koden hör inte till intyget"
        if scanned is not None and scanned.text != stored.text:
            return "QR-koden skiljer sig från registret"
        keys = self._public_keys(tx, stored.installation_id)
        if not keys:
            return "unknown-issuer"
        if not any(
            crypto.verify(k, stored.signed_text.encode("ascii"), stored.signature) for k in keys
        ):
            return "den digitala signaturen stämmer inte"
        content = json.loads(row.content)
        if not erased:
            mismatch = register_mismatch(row, content, stored)
            if mismatch:
                return mismatch
        for m in [] if erased else content.get("modules", []):
            s = tx.get(SignoffRow, m.get("signoff_id", ""))
            if s is None and signoff_was_here(tx, m.get("signoff_id", "")):
                return f"signeringen av {m.get('title', 'en modul')} har tagits bort"
            if s is None:  # never here: a register entry resting on no validation
                return f"signeringen av {m.get('title', 'en modul')} finns inte i registret"
            if s.participant_id != row.participant_id:
                return f"signeringen av {m.get('title', 'en modul')} gäller en annan deltagare"
            if s is not None and s.snapshot_sha256 != m.get("snapshot_sha256"):
                return f"signeringen av {m.get('title', 'en modul')} har ändrats"
            if s is not None and sha256_hex(s.snapshot.encode("utf-8")) != s.snapshot_sha256:
                return f"signeringen av {m.get('title', 'en modul')} har ändrats"
        return ""

    def register_problems(self) -> list[str]:
        """For `check`: register entries whose content, payload or signature do not hold,
        and revocations whose signature does not."""
        out = []
        with self.db.reader() as tx:
            for r in tx.find(CertificateRevocationRow):
                cert = tx.get(CertificateRow, r.certificate_id)
                if cert is None or r.signer_installation_id is None:
                    continue
                keys = self._public_keys(tx, r.signer_installation_id)
                if keys and not revocation_holds(r, cert, keys):
                    out.append(
                        f"Återkallelsen av intyget {format_code(cert.code)} har ändrats i "
                        "databasen (signaturen stämmer inte)."
                    )
            for row in tx.find(CertificateRow, order_by="created_at"):
                problem = self._tamper_problem(tx, row, None)
                if problem and problem != "unknown-issuer":
                    out.append(
                        f"Intyget {format_code(row.code)} har ändrats i databasen ({problem})."
                    )
        return out
