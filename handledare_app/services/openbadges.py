"""Open Badges 3.0 credentials (OpenBadgeCredential, W3C VC 2.0 data model) for certificates.

One credential per signed module of a certificate (README, *Digitala intyg*): a module
is the unit a participant shows an employer, and each badge image names one module.
Everything is taken from the certificate's signed content (the register entry whose
hash the certificate's signature covers) and from the signoff snapshots that content
names by hash; nothing is read from editable rows.

- issuer: the workplace's name, `id` a did:key of this installation's Ed25519 key, the
  installation id as `otherIdentifier` (so verification finds the key in the trust list
  the same way `verify KOD` does);
- achievement: module title, code, version, business area (`fieldOfStudy`), OCN points
  (`creditsAvailable`), the learning outcomes and criteria as the criteria narrative, the
  SeQF level (and OCN level) as a result description with the achieved value as result;
- recipient: a salted SHA-256 of the participant's name (`identityHash`, identityType
  `name`), never the name in clear. The salt is derived from this installation's private
  key and the credential id, so the same certificate gives byte-identical credentials;
- `validFrom` the module's signing date; `id` a UUID derived from the certificate id and
  the signoff id (no personal data), which is how `verify FIL` finds the register entry.

Signed as a VC-JWT (`alg: EdDSA`, `kid` = did:key#fragment). No JSON-LD processing: the
contexts are named, never fetched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.errors import UserError, ValidationError
from ..storage.database import Tx
from ..storage.models import CertificateRow, SignoffRow
from . import badge_png, vc_jwt
from .base import Service, require
from .files import os_error_text, write_file_atomic

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
# Fixed namespace for the credential and achievement ids (uuid5 of ids, never of names).
ID_NAMESPACE = uuid.UUID("8f6c2d7e-3b1a-5c4e-9a0f-6d2b8e1c4a57")


def normalise_name(name: str) -> str:
    """The form of a name that is hashed: NFC, single spaces, lower case."""
    return " ".join(unicodedata.normalize("NFC", name).split()).lower()


def identity_hash(name: str, salt: str) -> str:
    digest = hashlib.sha256((normalise_name(name) + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def credential_id(certificate_id: str, signoff_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'credential|{certificate_id}|{signoff_id}')}"


def achievement_id(module: dict[str, Any]) -> str:
    key = f"achievement|{module['code']}|{module['version']}"
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, key)}"


def _midnight(day: str) -> str:
    return f"{dt.date.fromisoformat(day).isoformat()}T00:00:00Z"


def certificate_code_of(credential: dict[str, Any]) -> str:
    """The certificate code a credential names in its evidence (empty if none)."""
    for item in credential.get("evidence") or []:
        name = item.get("name", "") if isinstance(item, dict) else ""
        if isinstance(name, str) and name.startswith("Intyg "):
            return name.removeprefix("Intyg ").replace("-", "")
    return ""


def criteria_narrative(module: dict[str, Any], criteria: list[dict[str, Any]]) -> str:
    """Markdown: every learning outcome with its assessment criteria (all were met)."""
    lines = [
        "Modulen är validerad med OCN-metoden: varje bedömningskriterium har bedömts som "
        "uppnått på arbetsplatsen, med bevis, och signerats av handledaren och deltagaren.",
        "",
    ]
    for outcome in module.get("outcomes", []):
        number = str(outcome.get("number", ""))
        lines.append(f"**{number} {outcome.get('text', '')}**")
        for c in criteria:
            if str(c.get("number", "")).split(".")[0] == number:
                lines.append(f"- {c.get('number', '')} {c.get('text', '')}")
        lines.append("")
    return "\n".join(lines).strip()


@dataclass(frozen=True)
class IssuerInfo:
    did: str
    workplace_name: str
    installation_id: str


def build_credential(
    content: dict[str, Any],
    module: dict[str, Any],
    criteria: list[dict[str, Any]],
    issuer: IssuerInfo,
    salt: str,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for one module of a certificate's signed content."""
    cid = credential_id(content["id"], module["signoff_id"])
    aid = achievement_id(module)
    level_id = f"{aid}#seqf"
    seqf = module.get("seqf_level")
    ocn = module.get("ocn_level")
    level_text = f"SeQF-nivå {seqf}" + (f", OCN-nivå {ocn}" if ocn else "")
    points = module.get("points") or 0
    area = module.get("business_area") or ""
    achievement: dict[str, Any] = {
        "id": aid,
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": module["title"],
        "description": (
            f"{module['title']} ({module['code']}, version {module['version']}): en "
            f"OCN-modul inom {area or 'arbetslivet'}, {points} poäng, {level_text}."
        ),
        "criteria": {"narrative": criteria_narrative(module, criteria)},
        "creditsAvailable": points,
        "fieldOfStudy": area,
        "humanCode": module["code"],
        "version": str(module["version"]),
        "@language": "sv",
        "resultDescription": [
            {
                "id": level_id,
                "type": ["ResultDescription"],
                "name": "Nivå enligt SeQF (Sveriges referensram för kvalifikationer)",
                "resultType": "ext:SeQFLevel",
                "allowedValue": [str(n) for n in range(1, 9)],
            }
        ],
    }
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": cid,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": module["title"],
        "description": f"Validerad modul från {issuer.workplace_name}.",
        "issuer": {
            "id": issuer.did,
            "type": ["Profile"],
            "name": issuer.workplace_name,
            "otherIdentifier": [
                {
                    "type": "IdentifierEntry",
                    "identifier": issuer.installation_id,
                    "identifierType": "systemId",
                }
            ],
        },
        "validFrom": _midnight(module["signed_on"]),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(content["participant"]["name"], salt),
                    "identityType": "name",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement,
            "activityStartDate": _midnight(module["enrolled_on"]),
            "activityEndDate": _midnight(module["signed_on"]),
            "creditsEarned": points,
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": level_id,
                    "value": str(seqf) if seqf is not None else "",
                }
            ],
        },
        "evidence": [
            {
                "type": ["Evidence"],
                "name": f"Intyg {content['code'][:5]}-{content['code'][5:]}",
                "genre": "Intyg (kompetensbevis)",
                "narrative": (
                    "Modulen står på deltagarens intyg med den här kontrollkoden. Intyget "
                    "kan kontrolleras med koden i Handledarappen."
                ),
            }
        ],
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def to_jwt(credential: dict[str, Any], private: bytes) -> str:
    """VC-JWT (OB 3.0 §8.2): the credential as payload plus iss, jti and nbf."""
    did = credential["issuer"]["id"]
    valid_from = dt.datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    payload = {
        **credential,
        "iss": did,
        "jti": credential["id"],
        "nbf": int(valid_from.timestamp()),
    }
    header = {"alg": "EdDSA", "typ": "JWT", "kid": vc_jwt.did_key_id(did)}
    return vc_jwt.sign_jwt(header, payload, private)


@dataclass(frozen=True)
class IssuedCredential:
    module_title: str
    module_code: str
    credential: dict[str, Any]
    jwt: str

    @property
    def file_stem(self) -> str:
        """A file name without personal data: module code and the credential's own id."""
        code = "".join(ch for ch in self.module_code if ch.isalnum() or ch in "-_")
        return f"digitalt-intyg-{code}-{self.credential['id'][-12:]}"


def signed_content(row: CertificateRow) -> dict[str, Any]:
    """The certificate's signed content (what its payload hash covers).

    The one place that reads it, so a change in how certificates store their signed
    content is a change here only."""
    content: dict[str, Any] = json.loads(row.content)
    return content


def _criteria(tx: Tx, module: dict[str, Any]) -> list[dict[str, Any]]:
    """The criteria frozen in the module's signoff, checked against the certificate."""
    s = tx.get(SignoffRow, module.get("signoff_id", ""))
    if s is None or hashlib.sha256(s.snapshot.encode("utf-8")).hexdigest() != module.get(
        "snapshot_sha256"
    ):
        raise ValidationError(
            f"Signeringen av {module.get('title', 'en modul')} stämmer inte med intyget, så "
            "inget digitalt intyg kan skrivas. Kör ”Kontrollera” och kontakta support."
        )
    snap = json.loads(s.snapshot)
    return [{"number": c["number"], "text": c["text"]} for c in snap.get("criteria", [])]


class OpenBadgeService(Service):
    def issuer_did(self) -> str:
        return vc_jwt.did_key(self.app.keys.signing_public)

    def _salt(self, cid: str) -> str:
        # Ed25519 signatures are deterministic: a secret, reproducible salt per credential.
        return hashlib.sha256(self.app.keys.sign(b"ob3-salt|" + cid.encode())).hexdigest()[:32]

    def credentials(self, certificate_id: str) -> list[IssuedCredential]:
        """Signed credentials for every final module of a valid certificate of this computer."""
        from ..domain.signing import Verdict

        with self.db.reader() as tx:
            row = require(tx, CertificateRow, certificate_id, "Intyget")
            code = row.code
            own = row.issuer_installation_id == self.db.installation_id
        if not own:
            raise ValidationError(
                "Intyget är utfärdat på en annan dator. Digitala intyg skrivs av den dator "
                "som utfärdade intyget, med dess nyckel."
            )
        result = self.app.certificates.verify(code)
        if result.verdict is not Verdict.VALID:
            raise ValidationError(
                f"Intyget är {result.label} och kan inte ges som digitalt intyg. "
                + result.explanation
            )
        issuer = IssuerInfo(self.issuer_did(), result.workplace_name, self.db.installation_id)
        out = []
        with self.db.reader() as tx:
            row = require(tx, CertificateRow, certificate_id, "Intyget")
            content = signed_content(row)
            for module in content["modules"]:
                if module.get("pending_qa"):
                    continue
                criteria = _criteria(tx, module)
                cid = credential_id(content["id"], module["signoff_id"])
                credential = build_credential(content, module, criteria, issuer, self._salt(cid))
                token = to_jwt(credential, self.app.keys.signing_private)
                out.append(IssuedCredential(module["title"], module["code"], credential, token))
        if not out:
            raise ValidationError(
                "Alla moduler på intyget väntar på kvalitetssäkring. Digitala intyg kan "
                "skrivas när kvalitetssäkraren har godkänt dem."
            )
        return out

    def write_files(
        self, certificate_id: str, out_dir: Path, render_image: Callable[[str, str], bytes]
    ) -> list[Path]:
        """Per module: `<stem>.jwt` (the VC-JWT) and `<stem>.png` (the badge image with the
        same VC-JWT baked in). `render_image(module title, workplace name)` draws the PNG."""
        issued = self.credentials(certificate_id)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            # Not a ValidationError: `certificate --all` skips those per certificate, and a
            # folder that cannot be made fails them all.
            raise UserError(
                f"Mappen {out_dir} kunde inte skapas ({os_error_text(exc)}). Välj en annan mapp."
            ) from None
        written = []
        for item in issued:
            jwt_path = out_dir / f"{item.file_stem}.jwt"
            png_path = out_dir / f"{item.file_stem}.png"
            image = render_image(item.module_title, item.credential["issuer"]["name"])
            write_file_atomic(jwt_path, item.jwt.encode("ascii") + b"\n", "det digitala intyget")
            write_file_atomic(png_path, badge_png.bake(image, item.jwt), "märket")
            written += [jwt_path, png_path]
        return written
