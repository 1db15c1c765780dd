"""The audit log: hash chain, tamper detection, append-only triggers."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage import queries
from handledare_app.storage.models import AuditRow, SignoffRow
from handledare_app.storage.sync import GENESIS_HASH
from tests.helpers import raw_connect


def _problems(app: App) -> list[str]:
    with app.db.reader() as tx:
        return queries.verify_audit_chain(tx)


@pytest.fixture
def busy_app(app: App, admin_id: str, participant: ParticipantDetail) -> App:
    """Some creates, updates and a delete on top of set-up."""
    app.participants.update(admin_id, participant.id, phone="070-1")
    fu = app.journey.add_follow_up(
        admin_id, participant.id, date=dt.date(2026, 10, 1), attendees="Åsa", notes="Start."
    )
    app.journey.delete_follow_up(admin_id, fu.id)
    return app


def test_chain_verifies_after_normal_work(busy_app: App) -> None:
    assert _problems(busy_app) == []


def test_chain_is_contiguous_and_linked(busy_app: App) -> None:
    with busy_app.db.reader() as tx:
        rows = list(queries.iter_audit(tx))
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert {r.action for r in rows} == {"create", "update", "delete"}


def test_trigger_blocks_update_of_audit_log(busy_app: App) -> None:
    con = raw_connect(busy_app.paths.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="granskningsloggen får inte ändras"):
            con.execute("UPDATE audit_log SET actor_id = NULL WHERE seq = 1")
    finally:
        con.close()
    assert _problems(busy_app) == []


def test_trigger_blocks_delete_from_audit_log(busy_app: App) -> None:
    with busy_app.db.reader() as tx:
        count = tx.count(AuditRow)
    con = raw_connect(busy_app.paths.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="granskningsloggen får inte ändras"):
            con.execute("DELETE FROM audit_log WHERE seq = 2")
    finally:
        con.close()
    with busy_app.db.reader() as tx:
        assert tx.count(AuditRow) == count


def test_edited_entry_is_detected_when_trigger_is_dropped(busy_app: App) -> None:
    con = raw_connect(busy_app.paths.db)
    try:
        con.execute("DROP TRIGGER audit_log_no_update")
        seq = con.execute(
            "SELECT seq FROM audit_log WHERE entity = 'participant' AND action = 'update'"
        ).fetchone()[0]
        con.execute(
            "UPDATE audit_log SET after = json_object('phone', '070-666') WHERE seq = ?", (seq,)
        )
    finally:
        con.close()
    problems = _problems(busy_app)
    assert problems == [f"Granskningsloggen: post {seq} har ändrats i efterhand."]


def test_removed_entry_is_detected_when_trigger_is_dropped(busy_app: App) -> None:
    con = raw_connect(busy_app.paths.db)
    try:
        con.execute("DROP TRIGGER audit_log_no_delete")
        con.execute("DELETE FROM audit_log WHERE seq = 5")
    finally:
        con.close()
    problems = _problems(busy_app)
    assert "Granskningsloggen: post 5 saknas (nästa är 6)." in problems
    assert "Granskningsloggen: post 6 pekar inte på föregående post." in problems


def test_orm_cannot_change_the_audit_log_either(busy_app: App) -> None:
    with pytest.raises(UserError) as info, busy_app.db.transaction() as tx:
        row = tx.first(AuditRow, seq=1)
        assert row is not None
        row.action = "hidden"
    assert "granskningsloggen får inte ändras" in str(info.value.__cause__)
    with busy_app.db.reader() as tx:
        first = tx.first(AuditRow, seq=1)
        assert first is not None and first.action == "create"
    assert _problems(busy_app) == []


# --- signed snapshots are immutable in SQLite itself ----------------------------------


@pytest.fixture
def signed(app: App, admin_id: str, participant: ParticipantDetail) -> tuple[str, str]:
    """A module judged and signed through the signing service."""
    from tests.signing_helpers import ready_module, sign

    enrollment_id = ready_module(app, admin_id, participant.id)
    return enrollment_id, sign(app, admin_id, enrollment_id).id


def test_trigger_blocks_update_of_signoff(app: App, signed: tuple[str, str]) -> None:
    con = raw_connect(app.paths.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="en signering får inte ändras"):
            con.execute("UPDATE signoff SET snapshot = '{\"x\": 1}' WHERE id = ?", (signed[1],))
    finally:
        con.close()


def test_trigger_blocks_delete_of_signoff(app: App, signed: tuple[str, str]) -> None:
    con = raw_connect(app.paths.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="en signering får inte ändras"):
            con.execute("DELETE FROM signoff WHERE id = ?", (signed[1],))
    finally:
        con.close()
    with app.db.reader() as tx:
        assert tx.get(SignoffRow, signed[1]) is not None
