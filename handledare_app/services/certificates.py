"""Certificates (intyg): the register, issuing, revoking and offline verification.

A certificate's content (canonical JSON: workplace, participant name, each standing
signed module with level, points, outcomes, dates and signatures) is stored in the
register; its SHA-256 goes into a compact payload, signed with this installation's
Ed25519 key, that the QR code carries:

    HA1|<certificate id>|<code>|<issued on>|<installation id>|<workplace id>|<sha256>|<signature>

(sha256 and signature in unpadded base64url). Verification looks the code up in the
register, recomputes the content hash, and checks the signature against this
installation's key or the issuing installation's public key in the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..domain.canonical import canonical_json, sha256_hex
from ..domain.codes import format_code, new_code, normalise_code
from ..domain.enums import Role
from ..domain.errors import NotFoundError, UserError, ValidationError
from ..domain.ids import new_id
from ..domain.signing import (
    QA_LABELS,
    CertificateInfo,
    QaState,
    Stroke,
)
from ..storage.database import Tx
from ..storage.models import (
    CertificateRevocationRow,
    CertificateRow,
    EnrollmentRow,
    ParticipantRow,
)
from .base import require
from .certificate_content import (
    signed_name,
    signed_revocation,
)
from .certificate_payload import PAYLOAD_PREFIX, Payload, parse_payload
from .certificate_verify import CertificateVerifier
from .erasure import is_erased
from .files import os_error_text, write_file_atomic
from .signing import MAX_REASON
from .signing_reads import participant_name, qa_state
from .signoff_locks import standing_signoff

CONTENT_FORMAT = 1
__all__ = ["PAYLOAD_PREFIX", "CertificateService", "Payload", "parse_payload"]


def _info(tx: Tx, row: CertificateRow) -> CertificateInfo:
    revocation = tx.first(CertificateRevocationRow, certificate_id=row.id)
    content = json.loads(row.content)
    return CertificateInfo(
        row.id,
        row.participant_id,
        row.code,
        row.issued_on,
        row.preliminary,
        revocation is not None,
        revocation.reason if revocation else "",
        tuple(m["title"] for m in content["modules"]),
    )


def _safe_file_name(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_")


class CertificateService(CertificateVerifier):
    # --- content ------------------------------------------------------------------

    def _modules(self, tx: Tx, participant_id: str) -> tuple[list[dict[str, Any]], list[str]]:
        wp = self.app.setup.workplace_row(tx)
        modules = []
        ids = []
        enrollments = tx.find(EnrollmentRow, order_by="enrolled_on", participant_id=participant_id)
        for e in enrollments:
            s = standing_signoff(tx, e.id)
            if s is None:
                continue
            snap = json.loads(s.snapshot)
            state, _comment, reviewer = qa_state(tx, s)
            label = QA_LABELS[state] if state is not QaState.NOT_SAMPLED else ""
            if state is QaState.APPROVED and reviewer:
                label = f"Kvalitetssäkrad av {reviewer}"
            modules.append(
                {
                    "signoff_id": s.id,
                    "snapshot_sha256": s.snapshot_sha256,
                    "code": snap["module"]["code"],
                    "version": snap["module"]["version"],
                    "title": snap["module"]["title"],
                    "business_area": snap["module"]["business_area"],
                    "seqf_level": snap["module"]["seqf_level"],
                    "ocn_level": snap["module"]["ocn_level"],
                    "points": snap["module"]["points"],
                    "outcomes": snap["module"]["outcomes"],
                    "enrolled_on": snap["enrollment"]["enrolled_on"],
                    "signed_on": snap["signed_on"],
                    "qa_state": state.value,
                    "qa_label": label,
                    "pending_qa": bool(wp.qa_required) and state is QaState.PENDING,
                    "signatures": [
                        {
                            "role": g["role"],
                            "method": g["method"],
                            "name": g["signer_name"],
                            "blob_sha256": g.get("blob_sha256"),
                            "typed_name": g.get("typed_name", ""),
                        }
                        for g in s.signatures
                    ],
                }
            )
            ids.append(s.id)
        return modules, ids

    def _unique_code(self, tx: Tx) -> str:
        for _ in range(20):
            code = new_code()
            if tx.first(CertificateRow, code=code) is None:
                return code
        raise UserError("Ingen ledig kontrollkod hittades. Försök igen.")  # pragma: no cover

    def issue(self, actor_id: str | None, participant_id: str) -> CertificateInfo:
        """The participant's current certificate: the latest one if nothing changed since,
        otherwise a new register entry. Refuses a participant with nothing signed, and
        a logged-in user without the supervisor or admin role (a quality assurer only
        reviews). The command line (actor None) acts for the installation, as before.
        Dated today: the app never backdates a certificate."""
        return self._issue_on(actor_id, participant_id, dt.date.today())

    def _issue_on(self, actor_id: str | None, participant_id: str, day: dt.date) -> CertificateInfo:
        """`issue` dated `day`. Only `issue` (today) and the demo data
        (services/demo_signing, an earlier day) call it."""
        if day > dt.date.today():
            raise ValidationError("Ett intyg kan inte dateras i framtiden.")
        if actor_id is not None:
            self.app.supervisors.require_staff(actor_id)
        keys = self.app.keys
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            if is_erased(tx, participant_id):
                raise ValidationError(
                    "Deltagarens uppgifter är raderade; inga nya intyg kan skrivas ut."
                )
            modules, signoff_ids = self._modules(tx, participant_id)
            if not modules:
                raise ValidationError(
                    f"{participant_name(p)} har ingen signerad modul ännu, så det finns inget "
                    "att skriva ett intyg om. Signera en modul som är klar för signering först."
                )
            wp = self.app.setup.workplace_row(tx)
            core = {
                "format": CONTENT_FORMAT,
                "workplace": {"id": wp.id, "name": wp.name},
                "issuer_installation_id": self.db.installation_id,
                # The name as signed in the module snapshots, never the editable row.
                "participant": {"id": p.id, "name": signed_name(tx, signoff_ids)},
                "preliminary": any(m["pending_qa"] for m in modules),
                "modules": modules,
            }
            for row in reversed(
                tx.find(CertificateRow, order_by="created_at", participant_id=p.id)
            ):
                if tx.first(CertificateRevocationRow, certificate_id=row.id) is not None:
                    continue
                old = json.loads(row.content)
                if {k: v for k, v in old.items() if k not in ("id", "code", "issued_on")} == core:
                    return _info(tx, row)
                break
            cert_id = new_id()
            code = self._unique_code(tx)
            issued = day
            content = {**core, "id": cert_id, "code": code, "issued_on": issued.isoformat()}
            text = canonical_json(content).decode("utf-8")
            digest = sha256_hex(text.encode("utf-8"))
            unsigned = Payload(
                cert_id, code, issued.isoformat(), self.db.installation_id, wp.id, digest, b""
            )
            signature = keys.sign(unsigned.signed_text.encode("ascii"))
            payload = Payload(**{**unsigned.__dict__, "signature": signature})
            row = tx.add(
                CertificateRow(
                    id=cert_id,
                    participant_id=p.id,
                    code=code,
                    issued_on=issued,
                    payload_sha256=digest,
                    signoff_ids=signoff_ids,
                    status="issued",
                    content=text,
                    payload=payload.text,
                    signature=signature.hex(),
                    issuer_installation_id=self.db.installation_id,
                    preliminary=bool(core["preliminary"]),
                )
            )
            tx.flush()
            return _info(tx, row)

    # --- reading and files ------------------------------------------------------------

    def issued(self, participant_id: str | None = None) -> list[CertificateInfo]:
        with self.db.reader() as tx:
            rows = (
                tx.find(CertificateRow, order_by="created_at", participant_id=participant_id)
                if participant_id
                else tx.find(CertificateRow, order_by="created_at")
            )
            return [_info(tx, r) for r in rows]

    def find_by_code(self, text: str) -> CertificateInfo:
        code = normalise_code(text)
        with self.db.reader() as tx:
            row = tx.first(CertificateRow, code=code)
            if row is None:
                raise NotFoundError(f"Det finns inget intyg med koden {format_code(code)}.")
            return _info(tx, row)

    def _strokes(self, sha256: str | None) -> list[Stroke] | None:
        if not sha256 or not self.app.blobs.has(sha256):
            return None
        return self.app.signing.strokes(sha256)

    def render(self, certificate_id: str) -> bytes:
        from .pdf_certificate import render_certificate

        with self.db.reader() as tx:
            row = require(tx, CertificateRow, certificate_id, "intyget")
            content, payload = json.loads(row.content), row.payload
        return render_certificate(content, payload, self._strokes)

    def resolve_participant(self, text: str) -> str:
        """A participant id, or a certificate code (with or without dash) → participant id."""
        with self.db.reader() as tx:
            if tx.get(ParticipantRow, text.strip()) is not None:
                return text.strip()
        try:
            return self.find_by_code(text).participant_id
        except ValidationError:
            raise NotFoundError(
                f"”{text}” är varken ett deltagar-id eller en intygskod. Ange deltagarens id "
                "eller koden från ett tidigare intyg (XXXXX-XXXXX); med --all skrivs intyg för "
                "alla deltagare med en signerad modul."
            ) from None

    def write(self, actor_id: str | None, participant_id: str, out: Path) -> CertificateInfo:
        info = self.issue(actor_id, participant_id)
        write_file_atomic(out, self.render(info.id), "intyget")
        return info

    def write_all(self, actor_id: str | None, out_dir: Path) -> list[tuple[CertificateInfo, Path]]:
        """One PDF per participant with a signed module, named by code (no personal data)."""
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Mappen {out_dir} kunde inte skapas ({os_error_text(exc)}).") from None
        ids = self.app.signing.participants_with_signoffs()
        if not ids:
            raise ValidationError("Ingen deltagare har någon signerad modul ännu.")
        out = []
        for pid in ids:
            info = self.issue(actor_id, pid)
            path = out_dir / f"intyg-{_safe_file_name(info.display_code)}.pdf"
            write_file_atomic(path, self.render(info.id), "intyget")
            out.append((info, path))
        return out

    # --- revoking ------------------------------------------------------------------

    def revoke(self, actor_id: str | None, certificate_id: str, reason: str) -> None:
        actor = self.app.supervisors.require_role(actor_id, Role.ADMIN)
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("Skriv varför intyget återkallas.")
        if len(reason) > MAX_REASON:
            raise ValidationError(f"Motiveringen är för lång (högst {MAX_REASON} tecken).")
        with self.db.transaction(actor.id) as tx:
            row = require(tx, CertificateRow, certificate_id, "intyget")
            if tx.first(CertificateRevocationRow, certificate_id=row.id) is not None:
                raise ValidationError("Intyget är redan återkallat.")
            tx.add(signed_revocation(self.app.keys, self.db.installation_id, row, reason, actor.id))

    def revoke_for_signoff(self, tx: Tx, actor_id: str | None, signoff_id: str, reason: str) -> int:
        n = 0
        for row in tx.find(CertificateRow):
            if signoff_id not in row.signoff_ids:
                continue
            if tx.first(CertificateRevocationRow, certificate_id=row.id) is not None:
                continue
            tx.add(
                signed_revocation(
                    self.app.keys, self.db.installation_id, row, reason[:MAX_REASON], actor_id
                )
            )
            n += 1
        return n
