"""Signoffs arriving by package (DESIGN §6, §8): a validation from another laptop is
shown as signed only if it is one this app could have made.

A trusted laptop that is buggy or hostile can sign any package. Before a new signoff
is taken in, it must hold together on its own (`static_problem`, also in a preview):
its snapshot hash and seal match, the snapshot names the same participant, module,
enrollment, supervisor and date as the row, every criterion is judged "uppnått", the
supervisor signed it (a supervisor with a staff role, of the participant's workplace or,
for a participant moved here, of this one)
and the participant signed it. After the package's rows are applied, inside the same
transaction, a standing one must also match the rows here (`applied_problem`): the
assessments and evidence it froze are the ones stored, and every criterion has at
least one evidence item linked to it. Anything else refuses the whole package, named.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..domain.canonical import sha256_hex
from ..domain.enums import AssessmentStatus, Role
from ..domain.errors import UserError
from ..domain.signing import SignerRole
from ..storage.database import Tx
from ..storage.models import (
    EnrollmentRow,
    ParticipantRow,
    SignoffReopeningRow,
    SignoffRow,
    SupervisorRow,
)
from .erasure import is_erased, is_erased_content
from .signoff_snapshot import frozen_with_gaps, seal_of

STAFF = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value, Role.QUALITY_ASSURER.value})


class UnsoundSignoff(UserError):
    """A signoff in a package is not one this app would make; nothing was applied."""


def refusal(title: str, why: str, sender: str) -> UnsoundSignoff:
    return UnsoundSignoff(
        f"Paketet läses inte in: signeringen av modulen {title} håller inte ({why}). "
        "En signerad validering visas bara när den stämmer. Avsändare: "
        f"{sender or 'okänd'}. Be avsändaren rätta signeringen (öppna den igen under "
        "Kvalitetssäkring och signera på nytt) och skicka ett nytt paket. Inget har ändrats."
    )


class RowView:
    """Attribute view of an incoming row dict, for helpers that take a model row
    (`seal_of`, certificate_intake's `register_mismatch`)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)


def _title(snap: Any) -> str:
    try:
        return f"”{str(snap['module']['title'])[:80]}”"
    except (KeyError, TypeError):
        return "(okänd)"


def _snapshot(row: dict[str, Any]) -> Any:
    try:
        return json.loads(row["snapshot"])
    except (ValueError, TypeError):
        return None


def static_problem(tx: Tx, row: dict[str, Any], own_workplace: str) -> tuple[str, str] | None:
    """(module title, why) when an incoming signoff does not hold together."""
    snap = _snapshot(row)
    title = _title(snap)
    if not isinstance(snap, dict):
        return title, "ögonblicksbilden går inte att läsa"
    if is_erased_content(row["snapshot"]):
        return None  # emptied by an erasure: `applied_problem` wants the erasure row
    if sha256_hex(str(row["snapshot"]).encode("utf-8")) != row["snapshot_sha256"]:
        return title, "ögonblicksbilden stämmer inte med sin kontrollsumma"
    if seal_of(RowView(row)) != row["seal_sha256"]:  # type: ignore[arg-type]
        return title, "signaturerna stämmer inte med sigillet"
    signed_on = row["signed_on"]
    day = signed_on.isoformat() if hasattr(signed_on, "isoformat") else str(signed_on)
    same = (
        _get(snap, "participant", "id") == row["participant_id"]
        and _get(snap, "module", "id") == row["module_id"]
        and _get(snap, "enrollment", "id") == row["enrollment_id"]
        and _get(snap, "supervisor", "id") == row["supervisor_id"]
        and snap.get("signed_on") == day
    )
    if not same:
        return title, "ögonblicksbilden gäller en annan deltagare, modul, handledare eller dag"
    criteria = snap.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        return title, "den saknar bedömda kriterier"
    if any(
        not isinstance(c, dict) or c.get("status") != AssessmentStatus.ACHIEVED.value
        for c in criteria
    ):
        return title, "alla kriterier är inte bedömda som uppnådda"
    if not snap.get("evidence"):
        return title, "den saknar bevis"
    return _signature_problem(tx, row, title, own_workplace)


def _get(snap: dict[str, Any], part: str, key: str) -> Any:
    value = snap.get(part)
    return value.get(key) if isinstance(value, dict) else None


def _signature_problem(
    tx: Tx, row: dict[str, Any], title: str, own_workplace: str
) -> tuple[str, str] | None:
    sigs = [g for g in row["signatures"] or [] if isinstance(g, dict)]
    roles = {g.get("role") for g in sigs}
    supervisor_sig = [g for g in sigs if g.get("role") == SignerRole.SUPERVISOR.value]
    if not supervisor_sig or any(
        g.get("signer_id") != row["supervisor_id"] for g in supervisor_sig
    ):
        return title, "handledarens signatur saknas eller är någon annans"
    if SignerRole.PARTICIPANT.value not in roles:
        return title, "deltagarens signatur saknas"
    sup = tx.get(SupervisorRow, row["supervisor_id"])
    participant = tx.get(ParticipantRow, row["participant_id"])
    if sup is None or participant is None:
        return None  # arrives in this package: `applied_problem` looks again
    if sup.workplace_id not in (participant.workplace_id, own_workplace):
        return title, "den är signerad av en handledare på en annan arbetsplats än deltagarens"
    if not STAFF & set(sup.roles or []):
        return title, "den som signerade är inte handledare"
    return None


def applied_problem(
    tx: Tx, signoff_ids: Iterable[str], own_workplace: str
) -> tuple[str, str] | None:
    """After the package's rows are applied: (module title, why) for the first new
    standing signoff that does not match the rows here."""
    ids = sorted(set(signoff_ids))
    reopened = {r.signoff_id for r in tx.find_in(SignoffReopeningRow, "signoff_id", ids)}
    for sid in ids:  # one at a time: a first package may hold thousands of snapshots
        s = tx.get(SignoffRow, sid)
        if s is None:
            continue
        if is_erased_content(s.snapshot):
            if not is_erased(tx, s.participant_id):
                return "(raderad)", "den är tömd men deltagaren är inte raderad"
            continue
        snap = json.loads(s.snapshot)
        title = _title(snap)
        found = _signature_problem(tx, _row_dict(s), title, own_workplace)
        if found is not None:
            return found
        if s.id in reopened:
            continue  # history: reopened, the rows have moved on since
        e = tx.get(EnrollmentRow, s.enrollment_id)
        if e is None:
            return title, "modulen i arbetsplanen saknas"
        current, gaps = frozen_with_gaps(tx, e)
        if _differs(snap, current):
            return title, "bedömningarna eller bevisen här stämmer inte med det som signerades"
        if gaps:
            return title, "ett kriterium saknar bevis"
    return None


def _differs(stored: dict[str, Any], current: dict[str, Any]) -> bool:
    """The enrollment, every criterion's judgement or an evidence item the signoff froze
    differs here. Evidence linked here besides (a concurrent edit) is not a difference:
    it takes nothing away from what was signed."""
    if stored.get("enrollment") != current["enrollment"]:
        return True
    old_c = {c.get("criterion_id"): c for c in stored.get("criteria", []) if isinstance(c, dict)}
    if len(old_c) != len(current["criteria"]):
        return True
    if any(old_c.get(c["criterion_id"]) != c for c in current["criteria"]):
        return True
    new_e = {e["id"]: e for e in current["evidence"]}
    return any(
        not isinstance(e, dict) or new_e.get(e.get("id")) != e for e in stored.get("evidence", [])
    )


def _row_dict(s: SignoffRow) -> dict[str, Any]:
    return {
        "signatures": s.signatures,
        "supervisor_id": s.supervisor_id,
        "participant_id": s.participant_id,
    }
