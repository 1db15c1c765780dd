"""Is an emptied audit entry one that an erasure or a retention run emptied? (`check`)

The audit_log trigger lets anyone replace an entry's content with a marker, because an
erasure (issue 15) must. So a marker alone proves nothing: someone with the data folder
could empty the entry that records how a signoff was created, then change and reseal
the signoff unseen. An emptied entry is accepted only when its marker fits it:

- "radering:<erasure id>": the erasure is registered and, if the record the entry is
  about is still here, that record is about the erased participant;
- "gallring:<date>": the record was deleted (an audited deletion) and is not here.
"""

from __future__ import annotations

from typing import Any

from ..storage import exchange_rows as rows
from ..storage.audit_erasure import ERASURE_MARKER, RETENTION_MARKER
from ..storage.database import Tx
from ..storage.models import ErasureRow

_PARENTS = (
    ("evidence_id", "evidence"),
    ("signoff_id", "signoff"),
    ("certificate_id", "certificate"),
    ("enrollment_id", "enrollment"),
)
GONE = "-"  # the record is not here


def participant_of(tx: Tx, entity: str, record_id: str) -> str | None:
    """The participant a record is about (GONE: not here; None: about no participant)."""
    if entity not in rows.MODELS_BY_ENTITY:
        return None
    found = rows.rows_by_id(tx, entity, [record_id]).get(record_id)
    if found is None:
        return GONE
    if entity == "participant":
        return record_id
    if found.get("participant_id"):
        return str(found["participant_id"])
    for key, parent in _PARENTS:
        if found.get(key):
            return participant_of(tx, parent, str(found[key]))
    return None


def _entries(tx: Tx) -> list[tuple[int, str, str, str, str]]:
    result = tx.session.connection().exec_driver_sql(
        "SELECT seq, entity, record_id, action, erased FROM audit_log "
        "WHERE erased IS NOT NULL ORDER BY seq"
    )
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in result]


def _deleted(tx: Tx) -> set[tuple[str, str]]:
    result = tx.session.connection().exec_driver_sql(
        "SELECT entity, record_id FROM audit_log WHERE action = 'delete'"
    )
    return {(str(r[0]), str(r[1])) for r in result}


def misfit_markers(tx: Tx) -> list[tuple[int, str, str, str]]:
    """(seq, entity, record id, Swedish reason) for every emptied entry whose marker
    does not fit it."""
    erasures = {e.id: e.participant_id for e in tx.find(ErasureRow)}
    entries = _entries(tx)
    deleted = _deleted(tx) if any(m.startswith(RETENTION_MARKER) for *_x, m in entries) else set()
    out: list[tuple[int, str, str, str]] = []
    cache: dict[tuple[str, str], Any] = {}

    def about(entity: str, record_id: str) -> str | None:
        key = (entity, record_id)
        if key not in cache:
            cache[key] = participant_of(tx, entity, record_id)
        return cache[key]  # type: ignore[no-any-return]

    for seq, entity, record_id, _action, marker in entries:
        if marker.startswith(ERASURE_MARKER):
            pid = erasures.get(marker[len(ERASURE_MARKER) :])
            if pid is None:
                out.append((seq, entity, record_id, "utan någon registrerad radering"))
                continue
            who = about(entity, record_id)
            if who not in (None, GONE, pid):
                out.append(
                    (
                        seq,
                        entity,
                        record_id,
                        "med en radering av en annan deltagare än posten gäller",
                    )
                )
        elif marker.startswith(RETENTION_MARKER):
            if (entity, record_id) not in deleted or about(entity, record_id) != GONE:
                out.append(
                    (
                        seq,
                        entity,
                        record_id,
                        "av en gallring, fast posten den gäller inte är borttagen",
                    )
                )
        else:
            out.append((seq, entity, record_id, "utan någon registrerad radering eller gallring"))
    return out
