"""What a damaged database still holds after a backup's time (issue 14): the audit log's
entries newer than the backup, read with plain sqlite3, page damage tolerated. The admin
gets the list (what changed, which record, when) before switching, and it is saved
beside the kept damaged file after."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from .fsutil import ro_uri

MAX_LINES = 2000


def changes_after(db_path: Path, since: dt.datetime) -> list[tuple[str, str, str, str]] | None:
    """(at, action, entity, record id) of the audit entries after `since`, oldest first;
    None when the audit log cannot be read at all."""
    since_text = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    try:
        con = sqlite3.connect(ro_uri(db_path), uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        rows = con.execute(
            "SELECT at, action, entity, record_id FROM audit_log WHERE at > ? ORDER BY seq LIMIT ?",
            (since_text, MAX_LINES),
        ).fetchall()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()
    return [(str(at), str(action), str(entity), str(record)) for at, action, entity, record in rows]
