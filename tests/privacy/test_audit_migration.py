"""Migration 0007 (issue 15): existing audit logs keep their sequence numbers, get new
chain hashes over a content digest, and one entry records the recomputation."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from handledare_app.services.app import open_app
from handledare_app.storage import queries
from handledare_app.storage.models import AuditRow

SAVED = Path(__file__).resolve().parents[1] / "data" / "schemas" / "0002"


def test_0002_log_is_rehashed_and_the_rehash_is_recorded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAVED, data)
    con = sqlite3.connect(data / "handledare.sqlite")
    try:
        old = con.execute("SELECT seq, record_id, hash FROM audit_log ORDER BY seq").fetchall()
    finally:
        con.close()
    with open_app(data, check_keys=False) as app, app.db.reader() as tx:
        rows = tx.find(AuditRow, order_by="seq")
        assert queries.verify_audit_chain(tx) == []
        migrated = rows[: len(old)]
        assert [(r.seq, r.record_id) for r in migrated] == [(s, rid) for s, rid, _h in old]
        assert all(r.hash != h for r, (_s, _rid, h) in zip(migrated, old, strict=True))
        note = rows[len(old)]
        assert (note.action, note.entity, note.record_id) == ("migrate", "audit_log", "0007")
        assert note.before == {"head_hash": old[-1][2], "entries": len(old)}
        assert note.after is not None and note.after["head_hash"] == migrated[-1].hash
