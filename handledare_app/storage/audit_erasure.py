"""Forgetting in the audit log (issue 15): which entries are about a participant, and
replacing their content with a marker. The chain covers a digest of the content, so it
still verifies afterwards (see sync.py and migration 0007)."""

from __future__ import annotations

import json
from typing import Any

from .database import Tx

ERASURE_MARKER = "radering:"  # + the erasure row's id
RETENTION_MARKER = "gallring:"  # + the date the retention run erased it

# How a row of each entity points at its parent, in the order entries appear.
_PARENT_KEYS = (
    ("participant_id", "participant"),
    ("evidence_id", "evidence"),
    ("enrollment_id", "enrollment"),
    ("signoff_id", "signoff"),
    ("certificate_id", "certificate"),
)


def _content(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def entries_about(tx: Tx, participant_id: str) -> tuple[list[int], dict[str, set[str]]]:
    """Sequence numbers of the not yet erased entries about one participant (their rows
    and every row below them, deleted ones included), and the record ids found, by
    entity. One pass in order: a child's entry always follows its parent's. The entry
    that records the erasure itself (who, when, why) is kept."""
    ids: dict[str, set[str]] = {"participant": {participant_id}}
    seqs: list[int] = []
    rows = tx.session.connection().exec_driver_sql(
        "SELECT seq, entity, record_id, before, after FROM audit_log "
        "WHERE erased IS NULL AND entity NOT IN ('tombstone', 'audit_log', 'erasure') "
        "ORDER BY seq"
    )
    for seq, entity, record_id, before, after in rows:
        about = record_id in ids.get(entity, ())
        if not about:
            values = {**_content(before), **_content(after)}
            about = any(values.get(key) in ids.get(parent, ()) for key, parent in _PARENT_KEYS)
        if about:
            ids.setdefault(entity, set()).add(record_id)
            seqs.append(seq)
    return seqs, ids


def erase_entries(tx: Tx, seqs: list[int], marker: str) -> None:
    """Replace the content of these entries with `marker` (the one change the
    audit_log trigger allows)."""
    if not seqs:
        return
    tx.session.flush()
    tx.session.connection().exec_driver_sql(
        "UPDATE audit_log SET before = NULL, after = NULL, erased = ? WHERE seq = ?",
        [(marker, s) for s in seqs],
    )


def deleted_entries_before(tx: Tx, at_before: str) -> list[int]:
    """Not yet erased entries (create, update and delete) about rows deleted before
    `at_before` (ISO text): the free text of rows deleted long ago, which retention
    removes from the audit content."""
    conn = tx.session.connection()
    deleted = {
        (str(r[0]), str(r[1]))
        for r in conn.exec_driver_sql(
            "SELECT entity, record_id FROM audit_log WHERE action = 'delete' "
            "AND entity != 'tombstone' AND at < ?",
            (at_before,),
        )
    }
    if not deleted:
        return []
    rows = conn.exec_driver_sql(
        "SELECT seq, entity, record_id FROM audit_log WHERE erased IS NULL ORDER BY seq"
    )
    return [int(r[0]) for r in rows if (str(r[1]), str(r[2])) in deleted]


def erased_markers(tx: Tx) -> list[tuple[int, str]]:
    rows = tx.session.connection().exec_driver_sql(
        "SELECT seq, erased FROM audit_log WHERE erased IS NOT NULL ORDER BY seq"
    )
    return [(int(r[0]), str(r[1])) for r in rows]
