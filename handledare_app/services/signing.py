"""Sign-off of a module (DESIGN §6): freeze a canonical snapshot, collect the
supervisor's and the participant's signatures, lock the records; admin reopening.

Locks: every row the snapshot covers (the enrollment, its assessments, the evidence
linked to its criteria with their attachments and links) gets `locked_by` = the
signoff id in the signing transaction. The service refuses changes to locked rows with
a Swedish message; SQLite triggers (migration 0002) refuse them too, until a reopening
row exists for that signoff. All changes go through the audit hook.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from ..domain.canonical import canonical_json, sha256_hex
from ..domain.enums import AssessmentStatus, Role
from ..domain.errors import PinRefused, ValidationError
from ..domain.signing import (
    SignatureInput,
    SignatureMethod,
    SignerRole,
    SignoffInfo,
    validate_strokes,
)
from ..storage.database import Tx
from ..storage.models import (
    EnrollmentRow,
    ParticipantRow,
    QaReviewRow,
    SignoffReopeningRow,
    SignoffRow,
    SupervisorRow,
)
from ..storage.sync import utc_now_text
from .base import require
from .files import read_user_file
from .signing_reads import SignoffReads, participant_name, signoff_info
from .signoff_locks import lock_rows, relock_shared, standing_signoff
from .signoff_snapshot import build_snapshot, seal_of

MAX_SCAN_BYTES = 30 * 1024 * 1024
MAX_REASON = 2000


class SigningService(SignoffReads):
    """Signing a module and reopening a signed one (the reads: SignoffReads)."""

    def _signature(
        self, role: SignerRole, sig: SignatureInput, name: str, signer_id: str | None, now: str
    ) -> dict[str, Any]:
        who = "Handledarens" if role is SignerRole.SUPERVISOR else "Deltagarens"
        blob: str | None = None
        typed = ""
        if sig.method is SignatureMethod.DRAWN:
            strokes = validate_strokes(sig.strokes, who)
            blob = self.app.blobs.put_bytes(canonical_json({"format": 1, "strokes": strokes}))
        elif sig.method is SignatureMethod.TYPED:
            typed = " ".join(sig.typed_name.split())
            if not typed:
                raise ValidationError(f"{who} signatur saknas: skriv namnet i rutan.")
            if len(typed) > 120:
                raise ValidationError(f"{who} skrivna signatur är för lång (högst 120 tecken).")
        elif sig.method is SignatureMethod.PAPER:
            if role is SignerRole.SUPERVISOR:
                raise ValidationError("Handledaren signerar i appen med PIN-kod, inte på papper.")
            if sig.scan_path:
                data = read_user_file(
                    Path(sig.scan_path), "Den inskannade blanketten", MAX_SCAN_BYTES
                )
                blob = self.app.blobs.put_bytes(data)
        return {
            "role": role.value,
            "method": sig.method.value,
            "signer_name": name,
            "signer_id": signer_id,
            "signed_at": now,
            "blob_sha256": blob,
            "typed_name": typed,
        }

    def sign(
        self,
        actor_id: str | None,
        enrollment_id: str,
        *,
        pin: str,
        supervisor: SignatureInput,
        participant: SignatureInput,
    ) -> SignoffInfo:
        """Sign a module that is klar för signering. PIN: the signing supervisor's own.
        Dated today: the app never backdates a signature."""
        return self._sign_on(
            actor_id,
            enrollment_id,
            pin=pin,
            supervisor=supervisor,
            participant=participant,
            day=dt.date.today(),
            now=utc_now_text(),
        )

    def _sign_on(
        self,
        actor_id: str | None,
        enrollment_id: str,
        *,
        pin: str,
        supervisor: SignatureInput,
        participant: SignatureInput,
        day: dt.date,
        now: str,
    ) -> SignoffInfo:
        """`sign` dated `day` (signatures stamped `now`). Only `sign` (today) and the
        demo data (services/demo_signing.sign_demo_module, an earlier day) call it."""
        if day > dt.date.today():
            raise ValidationError("En signering kan inte dateras i framtiden.")
        actor = self.app.supervisors.require_staff(actor_id)
        if not pin:
            raise PinRefused("Skriv din PIN-kod för att signera.")
        self.app.supervisors.login(actor.id, pin)  # wrong PIN: PinRefused
        progress = self.app.assessment.enrollment(enrollment_id)
        with self.db.reader() as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            p = require(tx, ParticipantRow, e.participant_id, "Deltagaren")
            name = participant_name(p)
            if standing_signoff(tx, e.id) is not None:
                raise ValidationError("Modulen är redan signerad.")
        if not e.active:
            raise ValidationError("Modulen är borttagen ur arbetsplanen och kan inte signeras.")
        if progress.criteria_total == 0 or progress.criteria_achieved < progress.criteria_total:
            missing = progress.criteria_total - progress.criteria_achieved
            raise ValidationError(
                f"Modulen är inte klar för signering: {missing} av {progress.criteria_total} "
                "kriterier är inte bedömda som uppnådda. Alla kriterier måste vara uppnådda."
            )
        bare = progress.achieved_without_evidence
        if bare:
            numbers = ", ".join(c.number for c in bare)
            raise ValidationError(
                "Modulen kan inte signeras: kriterium "
                f"{numbers} saknar bevis. Varje kriterium måste visas med minst ett bevis."
            )
        sigs = [
            self._signature(SignerRole.SUPERVISOR, supervisor, actor.name, actor.id, now),
            self._signature(SignerRole.PARTICIPANT, participant, name, None, now),
        ]
        today = day
        with self.db.transaction(actor.id) as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            if standing_signoff(tx, e.id) is not None:
                raise ValidationError("Modulen är redan signerad.")
            sup = require(tx, SupervisorRow, actor.id, "Handledaren")
            snap = build_snapshot(tx, e, sup, today)
            if any(c["status"] != AssessmentStatus.ACHIEVED.value for c in snap["criteria"]):
                raise ValidationError("Modulen ändrades medan du signerade. Försök igen.")
            earlier = [s for s in tx.find(SignoffRow, order_by="created_at", enrollment_id=e.id)]
            supersedes = earlier[-1].id if earlier else None
            draw = self._draw(tx, supersedes)
            text = canonical_json(snap).decode("utf-8")
            row = SignoffRow(
                enrollment_id=e.id,
                snapshot=text,
                snapshot_sha256=sha256_hex(text.encode("utf-8")),
                supersedes_id=supersedes,
                status="signed",
                signatures=sigs,
                participant_id=e.participant_id,
                module_id=e.module_id,
                supervisor_id=sup.id,
                signed_on=today,
                qa_sampled=bool(draw["sampled"]),
                qa_draw=draw,
            )
            row.seal_sha256 = seal_of(row)
            tx.add(row)
            tx.flush()
            lock_rows(tx, e, row.id)
            tx.flush()
            return signoff_info(tx, row)

    def _draw(self, tx: Tx, supersedes: str | None) -> dict[str, Any]:
        """The quality-assurance sample: a random draw against the workplace's rate,
        recorded so anyone can see why a module was or was not picked."""
        wp = self.app.setup.workplace_row(tx)
        if supersedes is not None:
            review = tx.first(QaReviewRow, signoff_id=supersedes)
            if review is not None and review.decision == "returned":
                return {
                    "rate": wp.qa_sample_rate,
                    "value": None,
                    "sampled": True,
                    "reason": "returned",
                }
        value = random.SystemRandom().random()
        rate = float(wp.qa_sample_rate)
        return {"rate": rate, "value": round(value, 6), "sampled": value < rate, "reason": "draw"}

    # --- reopening -------------------------------------------------------------------

    def reopen(self, actor_id: str | None, signoff_id: str, reason: str) -> None:
        """Admin only. The signoff stays; its locks are lifted; re-signing supersedes it.
        Certificates listing the module are revoked (they no longer hold)."""
        actor = self.app.supervisors.require_role(actor_id, Role.ADMIN)
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("Skriv varför signeringen öppnas igen.")
        if len(reason) > MAX_REASON:
            raise ValidationError(f"Motiveringen är för lång (högst {MAX_REASON} tecken).")
        with self.db.transaction(actor.id) as tx:
            self.reopen_in(tx, actor.id, signoff_id, reason, "admin")

    def reopen_in(self, tx: Tx, actor_id: str, signoff_id: str, reason: str, kind: str) -> None:
        s = require(tx, SignoffRow, signoff_id, "Signeringen")
        if tx.first(SignoffReopeningRow, signoff_id=s.id) is not None:
            raise ValidationError("Signeringen är redan öppnad igen.")
        tx.add(
            SignoffReopeningRow(
                signoff_id=s.id,
                kind=kind,
                reason=reason,
                reopened_by=actor_id,
                reopened_on=dt.date.today(),
            )
        )
        tx.flush()
        e = require(tx, EnrollmentRow, s.enrollment_id, "Modulen i arbetsplanen")
        lock_rows(tx, e, None, only=s.id)
        tx.flush()
        relock_shared(tx, s.participant_id, s.id)
        self.app.certificates.revoke_for_signoff(
            tx,
            actor_id,
            s.id,
            f"Modulen {json.loads(s.snapshot)['module']['title']} "
            f"öppnades igen för rättelse: {reason}",
        )
