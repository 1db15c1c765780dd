"""`verify FIL`: an Open Badges 3.0 credential (.jwt, .json or a baked .png), checked like a code.

1. Read the VC-JWT (from the file, a VC 2.0 `EnvelopedVerifiableCredential` JSON, or the
   PNG's `openbadgecredential` chunk).
2. The signature must hold for the key inside the issuer's did:key (`alg: EdDSA`, `kid`
   on that DID, `iss` = `issuer.id`, `jti` = `id`); otherwise *ändrat*.
3. That key must be the key of the issuing installation on this computer's trust list
   (the same lookup as `verify KOD`); otherwise *okänt* (unknown issuer).
4. Where the register holds the certificate the credential belongs to, its state
   decides: *återkallat* for a revoked certificate, *ändrat* for a changed entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain.codes import format_code
from ..domain.errors import ValidationError
from ..domain.signing import Verdict, VerificationResult
from ..storage.models import CertificateRow
from . import badge_png, vc_jwt
from .base import Service
from .files import os_error_text
from .openbadges import certificate_code_of, credential_id, identity_hash

MAX_FILE = 20 * 1024 * 1024
ENVELOPED_PREFIX = "data:application/vc+jwt,"


def read_credential_text(path: Path) -> str:
    """The compact JWS inside a credential file or baked PNG."""
    try:
        if path.stat().st_size > MAX_FILE:
            raise ValidationError(f"Filen {path.name} är för stor för ett digitalt intyg.")
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Filen {path} kunde inte läsas ({os_error_text(exc)}).") from None
    if data.startswith(badge_png.PNG_SIGNATURE):
        text = badge_png.extract(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                f"Filen {path.name} är varken ett digitalt intyg (.jwt/.json) eller en PNG-bild."
            ) from None
    text = text.strip()
    if text.startswith("{"):
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        env = doc.get("id") if isinstance(doc, dict) else None
        if isinstance(env, str) and env.startswith(ENVELOPED_PREFIX):
            return env[len(ENVELOPED_PREFIX) :]
        raise ValidationError(
            "JSON-filen innehåller inget signerat intyg. Handledarappen signerar intyg som "
            "VC-JWT (.jwt-filen eller bilden)."
        )
    return text


def name_matches(payload: dict[str, Any], name: str) -> bool:
    """Whether `name` is the recipient's name (the salted hash in the credential)."""
    subject = payload.get("credentialSubject") or {}
    for ident in subject.get("identifier") or []:
        if not isinstance(ident, dict) or ident.get("identityType") != "name":
            continue
        if ident.get("identityHash") == identity_hash(name, str(ident.get("salt", ""))):
            return True
    return False


def _problem(jws: vc_jwt.ParsedJwt) -> str:
    """Why the credential is not intact as signed by its did:key (empty if it is)."""
    header, payload = jws.header, jws.payload
    issuer = payload.get("issuer")
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if header.get("alg") != "EdDSA":
        return "okänd signaturalgoritm"
    if not isinstance(did, str) or payload.get("iss") != did:
        return "utfärdaren stämmer inte med signaturen"
    if header.get("kid") != vc_jwt.did_key_id(did):
        return "nyckelhänvisningen stämmer inte med utfärdaren"
    if payload.get("jti") != payload.get("id"):
        return "intygets id stämmer inte"
    try:
        public = vc_jwt.public_key_of_did(did)
    except ValidationError:
        return "utfärdarens did:key är ogiltig"
    if not jws.signature_valid(public):
        return "den digitala signaturen stämmer inte"
    return ""


class OpenBadgeVerifier(Service):
    def verify_file(self, path: Path) -> VerificationResult:
        jws = vc_jwt.parse_jwt(read_credential_text(path))
        payload = jws.payload
        subject = payload.get("credentialSubject")
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        title = str(achievement.get("name", "")) if isinstance(achievement, dict) else ""
        raw_issuer = payload.get("issuer")
        issuer: dict[str, Any] = raw_issuer if isinstance(raw_issuer, dict) else {}
        base: dict[str, Any] = {
            "code": "Digitalt intyg",
            "workplace_name": str(issuer.get("name", "")),
            "module_titles": (title,) if title else (),
        }
        problem = _problem(jws)
        if problem:
            return VerificationResult(
                Verdict.ALTERED,
                explanation=(
                    f"Det digitala intyget har ändrats efter att det signerades ({problem}). "
                    "Det ska inte godtas."
                ),
                **base,
            )
        public = vc_jwt.public_key_of_did(str(payload["iss"]))
        installation_id = ""
        for entry in issuer.get("otherIdentifier") or []:
            if isinstance(entry, dict) and entry.get("identifierType") == "systemId":
                installation_id = str(entry.get("identifier", ""))
        with self.db.reader() as tx:
            trusted = public in self.app.certificates._public_keys(tx, installation_id)
            row = self._register_row(tx, payload)
            code = row.code if row is not None else ""
        if not trusted:
            return VerificationResult(
                Verdict.UNKNOWN,
                explanation=(
                    "Signaturen är äkta, men utfärdaren (nyckeln i intygets did:key) finns inte "
                    "i nätverksfilen på den här datorn. Läs in nätverksfilen från Coompanion "
                    "och försök igen."
                ),
                **base,
            )
        if row is None:
            return VerificationResult(
                Verdict.VALID,
                explanation=(
                    f"Det digitala intyget är utfärdat av {base['workplace_name']} och är "
                    "oförändrat: signaturen stämmer med en nyckel som den här datorn litar på. "
                    "Intyget finns inte i registret här, så om det har återkallats kan bara "
                    "registret hos arbetsplatsen eller Coompanion visa det."
                ),
                **base,
            )
        register = self.app.certificates.verify(code)
        shown = format_code(code)
        if (
            register.verdict is Verdict.VALID
            and register.participant_name
            and not name_matches(payload, register.participant_name)
        ):
            return VerificationResult(
                Verdict.ALTERED,
                shown,
                "Mottagaren i det digitala intyget stämmer inte med intyget i registret.",
                workplace_name=base["workplace_name"],
                module_titles=base["module_titles"],
            )
        verdict = register.verdict if register.verdict is not Verdict.UNKNOWN else Verdict.VALID
        explanation = register.explanation
        if verdict is Verdict.VALID:
            explanation = (
                "Det digitala intyget är oförändrat och signerat med en nyckel som den här datorn "
                "litar på (den här datorns egen eller en i nätverksfilen). " + register.explanation
            )
        return VerificationResult(
            verdict,
            shown,
            explanation,
            participant_name=register.participant_name,
            workplace_name=register.workplace_name or base["workplace_name"],
            issued_on=register.issued_on,
            module_titles=base["module_titles"],
            preliminary=register.preliminary,
        )

    def recipient_is(self, path: Path, name: str) -> bool:
        """Whether `name` is the credential's recipient (its salted name hash)."""
        return name_matches(vc_jwt.parse_jwt(read_credential_text(path)).payload, name)

    def _register_row(self, tx: Any, credential: dict[str, Any]) -> CertificateRow | None:
        """The register entry of the certificate the credential names, if it is here and
        the credential is one of its modules."""
        code = certificate_code_of(credential)
        row = tx.first(CertificateRow, code=code) if code else None
        if row is None:
            return None
        cid = credential.get("id")
        if any(credential_id(row.id, s) == cid for s in row.signoff_ids or []):
            return row  # type: ignore[no-any-return]
        return None
