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
from typing import TYPE_CHECKING, Any

from ..domain.canonical import canonical_json, sha256_hex
from ..domain.enums import AssessmentStatus, Role
from ..domain.errors import PinRefused, ValidationError
from ..domain.signing import (
    CriterionEvidence,
    QaState,
    ReadyModule,
    SignatureInfo,
    SignatureInput,
    SignatureMethod,
    SignerRole,
    SignoffInfo,
    Stroke,
    validate_strokes,
)
from ..domain.swedish import sort_key
from ..storage.database import Tx
from ..storage.models import (
    AssessmentRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    ModuleRow,
    ParticipantRow,
    QaReviewRow,
    SignoffReopeningRow,
    SignoffRow,
    SupervisorRow,
)
from ..storage.sync import utc_now_text
from .base import Service, require
from .catalogue import module_info
from .files import read_user_file
from .signoff_locks import (
    evidence_rows_for,
    is_standing,
    lock_rows,
    relock_shared,
    standing_signoff,
)
from .signoff_snapshot import build_snapshot, seal_of

if TYPE_CHECKING:
    pass

MAX_SCAN_BYTES = 30 * 1024 * 1024
MAX_REASON = 2000


def participant_name(p: ParticipantRow) -> str:
    return f"{p.first_name} {p.last_name}".strip()


def qa_state(tx: Tx, s: SignoffRow) -> tuple[QaState, str, str]:
    review = tx.first(QaReviewRow, signoff_id=s.id)
    if review is not None:
        reviewer = tx.get(SupervisorRow, review.reviewer_id)
        state = QaState.APPROVED if review.decision == "approved" else QaState.RETURNED
        return state, review.comment, reviewer.name if reviewer else ""
    return (QaState.PENDING if s.qa_sampled else QaState.NOT_SAMPLED), "", ""


def signoff_info(tx: Tx, s: SignoffRow) -> SignoffInfo:
    snap = json.loads(s.snapshot)
    reopening = tx.first(SignoffReopeningRow, signoff_id=s.id)
    state, comment, reviewer = qa_state(tx, s)
    sigs = tuple(
        SignatureInfo(
            SignerRole(g["role"]),
            SignatureMethod(g["method"]),
            g["signer_name"],
            g.get("signer_id"),
            g["signed_at"],
            g.get("blob_sha256"),
            g.get("typed_name", ""),
        )
        for g in s.signatures
    )
    assessors = {c["assessed_by"] for c in snap["criteria"] if c.get("assessed_by")}
    return SignoffInfo(
        s.id,
        s.enrollment_id,
        s.participant_id,
        snap["participant"]["name"],
        snap["module"]["code"],
        snap["module"]["title"],
        snap["module"]["version"],
        s.supervisor_id,
        snap["supervisor"]["name"],
        s.signed_on,
        s.snapshot_sha256,
        sigs,
        s.supersedes_id,
        reopening is not None,
        reopening.reason if reopening else "",
        s.qa_sampled,
        state,
        comment,
        reviewer,
        frozenset({*assessors, s.supervisor_id}),
    )


class SigningService(Service):
    # --- reading --------------------------------------------------------------------

    def standing(self, enrollment_id: str) -> SignoffInfo | None:
        with self.db.reader() as tx:
            s = standing_signoff(tx, enrollment_id)
            return signoff_info(tx, s) if s else None

    def get(self, signoff_id: str) -> SignoffInfo:
        with self.db.reader() as tx:
            return signoff_info(tx, require(tx, SignoffRow, signoff_id, "Signeringen"))

    def for_participant(self, participant_id: str, *, history: bool = False) -> list[SignoffInfo]:
        """Standing signoffs (or every version, oldest first, with `history`)."""
        with self.db.reader() as tx:
            rows = tx.find(SignoffRow, order_by="created_at", participant_id=participant_id)
            infos = [signoff_info(tx, s) for s in rows]
        return infos if history else [i for i in infos if not i.reopened]

    def snapshot(self, signoff_id: str) -> dict[str, Any]:
        with self.db.reader() as tx:
            s = require(tx, SignoffRow, signoff_id, "Signeringen")
            value: dict[str, Any] = json.loads(s.snapshot)
            return value

    def summary_lines(self, enrollment_id: str) -> tuple[str, list[str], int]:
        """Plain-language summary for the participant: (module title, outcomes, evidence)."""
        with self.db.reader() as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            m = require(tx, ModuleRow, e.module_id, "Modulen")
            info = module_info(tx, m)
            criteria = {c.id for c in info.criteria}
            n_evidence = len(evidence_rows_for(tx, e.participant_id, criteria))
            return m.title, [o.text for o in info.outcomes], n_evidence

    def evidence_per_criterion(self, enrollment_id: str) -> list[CriterionEvidence]:
        """For the signing summary: per criterion, the titles of the evidence showing it."""
        with self.db.reader() as tx:
            e = require(tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen")
            m = require(tx, ModuleRow, e.module_id, "Modulen")
            info = module_info(tx, m)
            ids = {c.id for c in info.criteria}
            evidence = {r.id: r for r in evidence_rows_for(tx, e.participant_id, ids)}
            titles: dict[str, list[str]] = {c: [] for c in ids}
            for link in tx.find_in(EvidenceCriterionRow, "criterion_id", sorted(ids)):
                ev = evidence.get(link.evidence_id)
                if ev is not None:
                    titles[link.criterion_id].append(f"{ev.title} ({ev.date.isoformat()})")
            return [
                CriterionEvidence(c.number, c.text, tuple(sorted(titles[c.id])))
                for c in info.criteria
            ]

    def ready_for_signing(self) -> list[ReadyModule]:
        """Active modules with every criterion achieved and no standing signoff."""
        with self.db.reader() as tx:
            out = []
            for e in tx.find(EnrollmentRow, order_by="enrolled_on", active=True):
                if is_standing(tx, e.locked_by) or standing_signoff(tx, e.id) is not None:
                    continue
                criteria = {c.id for c in tx.find(CriterionRow, module_id=e.module_id)}
                achieved = {
                    a.criterion_id
                    for a in tx.find(AssessmentRow, enrollment_id=e.id)
                    if a.status == AssessmentStatus.ACHIEVED.value
                }
                if not criteria or not criteria <= achieved:
                    continue
                p = tx.get(ParticipantRow, e.participant_id)
                m = tx.get(ModuleRow, e.module_id)
                if p is None or m is None:
                    continue
                returned = [
                    r.reason
                    for s in tx.find(SignoffRow, enrollment_id=e.id)
                    for r in tx.find(SignoffReopeningRow, signoff_id=s.id)
                ]
                out.append(
                    ReadyModule(
                        e.id,
                        p.id,
                        participant_name(p),
                        m.code,
                        m.title,
                        returned[-1] if returned else "",
                    )
                )
            return sorted(out, key=lambda r: (sort_key(r.participant_name), r.module_title))

    def standing_all(self) -> list[SignoffInfo]:
        """Every standing signoff, newest first."""
        with self.db.reader() as tx:
            rows = tx.find(SignoffRow, order_by="created_at")
            return [signoff_info(tx, s) for s in reversed(rows) if is_standing(tx, s.id)]

    def participants_with_signoffs(self) -> list[str]:
        """Ids of participants with at least one standing signoff."""
        with self.db.reader() as tx:
            ids = {s.participant_id for s in tx.find(SignoffRow) if is_standing(tx, s.id)}
        return sorted(ids)

    def participant_of(self, enrollment_id: str) -> str:
        with self.db.reader() as tx:
            return require(
                tx, EnrollmentRow, enrollment_id, "Modulen i arbetsplanen"
            ).participant_id

    def strokes(self, sha256: str) -> list[Stroke]:
        """A drawn signature's strokes, read back from the blob store."""
        data = json.loads(self.app.blobs.path_for(sha256).read_bytes())
        return [[(float(x), float(y)) for x, y in stroke] for stroke in data["strokes"]]

    # --- signing -------------------------------------------------------------------

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
