"""Witnessed history: a laptop that rewrites or cuts its own audit log (and recomputes
every hash) is caught by the first laptop that had seen its old head."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.services.app import App
from handledare_app.services.witness import HistoryRewritten
from handledare_app.storage.sync import GENESIS_HASH, audit_content_hash, audit_entry_hash
from tests.exchange_helpers import open_second, repack, send, trust_each_other, unpack
from tests.helpers import db_summary, new_participant


@pytest.fixture
def pair(app: App, tmp_path: Path) -> Iterator[tuple[App, App]]:
    b = open_second(tmp_path / "b")
    trust_each_other(app, b, tmp_path)
    yield app, b
    b.close()


def rechain(app: App, *, edit_seq: int | None = None, cut_after: int | None = None) -> None:
    """What someone who read the source could do: edit (or cut) the audit log and
    recompute every hash, the anchor included, with the triggers out of the way."""
    con = sqlite3.connect(app.paths.db, isolation_level=None)
    try:
        for t in ("audit_log_no_update", "audit_log_no_delete", "audit_anchor_no_rewind"):
            con.execute(f"DROP TRIGGER IF EXISTS {t}")
        if cut_after is not None:
            con.execute("DELETE FROM audit_log WHERE seq > ?", (cut_after,))
        cols = "seq, at, actor_id, installation_id, action, entity, record_id, before, after"
        prev = GENESIS_HASH
        for row in con.execute(f"SELECT {cols} FROM audit_log ORDER BY seq").fetchall():
            entry = dict(zip(cols.split(", "), row, strict=True))
            entry["before"] = json.loads(entry["before"]) if entry["before"] else None
            entry["after"] = json.loads(entry["after"]) if entry["after"] else None
            if entry["seq"] == edit_seq:
                entry["after"] = {**(entry["after"] or {}), "note": "omskrivet"}
            entry["prev_hash"] = prev
            entry["content_sha256"] = audit_content_hash(entry["before"], entry["after"])
            prev = audit_entry_hash(entry)
            con.execute(
                "UPDATE audit_log SET after = ?, content_sha256 = ?, prev_hash = ?, hash = ? "
                "WHERE seq = ?",
                (
                    json.dumps(entry["after"]),
                    entry["content_sha256"],
                    entry["prev_hash"],
                    prev,
                    entry["seq"],
                ),
            )
        seq = con.execute("SELECT MAX(seq) FROM audit_log").fetchone()[0]
        con.execute("UPDATE audit_anchor SET seq = ?, hash = ?", (seq, prev))
    finally:
        con.close()


def test_history_grows_and_is_accepted(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    new_participant(a, admin_id, "Märta")
    assert send(a, b, tmp_path / "1.hpkg").applied
    new_participant(a, admin_id, "Olle")
    assert send(a, b, tmp_path / "2.hpkg").applied


def test_rewritten_history_is_refused_by_the_witness(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    new_participant(a, admin_id, "Märta")
    send(a, b, tmp_path / "1.hpkg")
    rechain(a, edit_seq=2)
    assert not [p for p in a.check.run() if p.area == "Granskningslogg"]  # fools itself
    new_participant(a, admin_id, "Olle")
    before = db_summary(b)
    with pytest.raises(HistoryRewritten, match=r"Kontorsdatorn.*skrivit om"):
        send(a, b, tmp_path / "2.hpkg")
    assert db_summary(b) == before


def test_cut_history_is_refused_by_the_witness(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    new_participant(a, admin_id, "Märta")
    send(a, b, tmp_path / "1.hpkg")
    with a.db.reader() as tx:
        from handledare_app.storage.witness_rows import head

        top = head(tx)[0]
    rechain(a, cut_after=top - 5)
    with pytest.raises(HistoryRewritten, match="Kontorsdatorn"):
        send(a, b, tmp_path / "2.hpkg")


def test_check_compares_own_chain_with_heads_others_confirmed(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    new_participant(a, admin_id, "Märta")
    send(a, b, tmp_path / "1.hpkg")  # B witnesses A's head …
    send(b, a, tmp_path / "2.hpkg")  # … and confirms it back to A
    assert a.check.run() == []
    rechain(a, edit_seq=3)
    found = [p.message for p in a.check.run() if p.area == "Granskningslogg"]
    assert any("Lagerdatorn" in m and "skrivits om" in m for m in found), found


def test_leaving_out_the_history_does_not_dodge_the_witness(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    new_participant(a, admin_id, "Märta")
    send(a, b, tmp_path / "1.hpkg")
    new_participant(a, admin_id, "Olle")
    good = tmp_path / "2.hpkg"
    a.exchange.export(good, profile="exchange", recipients=[b.keys.age_recipient])
    members = unpack(b, good)
    manifest = json.loads(members["manifest.json"])
    del manifest["history"]
    members["manifest.json"] = json.dumps(manifest).encode()
    forged = repack(tmp_path / "3.hpkg", members, recipient=b.keys.age_recipient, sign=a.keys)
    with pytest.raises(HistoryRewritten, match="saknar den"):
        b.exchange.import_file(forged)
