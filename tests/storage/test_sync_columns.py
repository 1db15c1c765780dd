"""Sync columns (DESIGN §4) are present and maintained on every change."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from handledare_app.domain.clock import Hlc
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App, open_app
from handledare_app.storage.models import (
    SYNC_COLUMNS,
    SYNCED_MODELS,
    AuditRow,
    Base,
    FollowUpRow,
    ParticipantRow,
    TombstoneRow,
)
from handledare_app.storage.sync import CATALOGUE_HLC, CATALOGUE_ORIGIN, row_values
from tests.helpers import new_participant

LOCAL_TABLES = {
    "local_setting",
    "audit_log",
    "import_log",
    "conflict_log",
    "collected_report",
    "collected_certificate",
    "audit_anchor",
    "witnessed_head",
}


def _participant_row(app: App, participant_id: str) -> ParticipantRow:
    with app.db.reader() as tx:
        row = tx.get(ParticipantRow, participant_id)
        assert row is not None
        return row


def test_every_table_is_either_synced_or_known_local() -> None:
    synced = {m.__tablename__ for m in SYNCED_MODELS}  # type: ignore[attr-defined]
    assert set(Base.metadata.tables) == synced | LOCAL_TABLES


def test_every_synced_model_has_the_sync_columns() -> None:
    for model in SYNCED_MODELS:
        table = Base.metadata.tables[model.__tablename__]  # type: ignore[attr-defined]
        assert set(table.columns.keys()) >= SYNC_COLUMNS, table.name
        assert [c.name for c in table.primary_key.columns] == ["id"]


def test_every_synced_table_in_the_migrated_file_has_the_sync_columns(app: App) -> None:
    con = sqlite3.connect(f"file:{app.paths.db}?mode=ro", uri=True)
    try:
        for model in SYNCED_MODELS:
            name = model.__tablename__  # type: ignore[attr-defined]
            cols = {r[1] for r in con.execute(f"PRAGMA table_info({name})")}
            assert cols >= SYNC_COLUMNS, name
    finally:
        con.close()


def test_every_row_after_set_up_is_fully_stamped(app: App, participant: ParticipantDetail) -> None:
    inst = app.db.installation_id
    seen = 0
    with app.db.reader() as tx:
        for model in SYNCED_MODELS:
            for row in tx.find(model):  # type: ignore[type-var]
                seen += 1
                assert row.created_at and row.updated_at
                assert dt.datetime.fromisoformat(row.created_at.replace("Z", "+00:00")).tzinfo
                if row.origin == CATALOGUE_ORIGIN:
                    # Catalogue content: ids and stamps come from the file, not this laptop.
                    assert uuid.UUID(row.id).version == 5
                    assert row.hlc == CATALOGUE_HLC and row.vv == {}
                else:
                    assert uuid.UUID(row.id).version == 7
                    assert Hlc.decode(row.hlc).node == inst
                    assert row.vv == {inst: 1}
                    assert row.origin == inst
                fields = set(row_values(row, include_sync=False))
                assert set(row.field_clock) == fields
                assert set(row.field_clock.values()) == {row.hlc}
    assert seen > 300  # workplace, installation, admin, the catalogue, the participant


def test_update_bumps_hlc_vv_and_only_the_changed_fields(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = _participant_row(app, participant.id)
    app.participants.update(admin_id, participant.id, phone="070-123 45 67")
    after = _participant_row(app, participant.id)
    inst = app.db.installation_id
    assert after.hlc > before.hlc
    assert after.vv == {inst: 2}
    assert after.field_clock["phone"] == after.hlc
    unchanged = {k: v for k, v in after.field_clock.items() if k != "phone"}
    assert unchanged == {k: v for k, v in before.field_clock.items() if k != "phone"}
    assert after.created_at == before.created_at
    assert after.updated_at >= before.updated_at


def test_two_updates_touch_two_different_fields(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.update(admin_id, participant.id, phone="070-1")
    mid = _participant_row(app, participant.id)
    app.participants.update(admin_id, participant.id, email="marta@example.se")
    after = _participant_row(app, participant.id)
    assert after.vv[app.db.installation_id] == 3
    assert after.field_clock["phone"] == mid.field_clock["phone"]
    assert after.field_clock["email"] == after.hlc > mid.hlc


def test_writing_the_same_value_changes_nothing(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = _participant_row(app, participant.id)
    with app.db.reader() as tx:
        audit_before = tx.count(AuditRow)
    app.participants.update(admin_id, participant.id, first_name=participant.first_name)
    after = _participant_row(app, participant.id)
    assert (after.hlc, after.vv, after.field_clock) == (before.hlc, before.vv, before.field_clock)
    with app.db.reader() as tx:
        assert tx.count(AuditRow) == audit_before


def test_update_is_audited_with_before_and_after(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.update(admin_id, participant.id, phone="070-9")
    with app.db.reader() as tx:
        last = tx.find(AuditRow, order_by="seq")[-1]
    assert (last.action, last.entity, last.record_id) == ("update", "participant", participant.id)
    assert last.before == {"phone": ""}
    assert last.after == {"phone": "070-9"}
    assert last.actor_id == admin_id


def test_create_is_audited_for_every_row_with_the_actor(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with app.db.reader() as tx:
        entries = [a for a in tx.find(AuditRow) if a.actor_id == admin_id]
    created = {(a.entity, a.record_id) for a in entries if a.action == "create"}
    assert ("participant", participant.id) in created
    assert ("placement", participant.placements[0].id) in created
    assert sum(1 for e, _ in created if e == "introduction_item") == 8
    assert sum(1 for e, _ in created if e == "work_plan") == 1


def test_deletion_leaves_a_stamped_tombstone(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    fu = app.journey.add_follow_up(
        admin_id, participant.id, date=dt.date(2026, 10, 1), attendees="Märta, Åsa", notes="Bra."
    )
    app.journey.delete_follow_up(admin_id, fu.id)
    with app.db.reader() as tx:
        assert tx.get(FollowUpRow, fu.id) is None
        stones = tx.find(TombstoneRow, record_id=fu.id)
        assert len(stones) == 1
        stone = stones[0]
        assert (stone.entity, stone.reason) == ("follow_up", "deleted")
        assert stone.origin == app.db.installation_id
        assert stone.vv == {app.db.installation_id: 1}
        assert uuid.UUID(stone.id).version == 7
        deletes = [a for a in tx.find(AuditRow, action="delete") if a.record_id == fu.id]
        assert len(deletes) == 1
        assert deletes[0].before is not None
        assert deletes[0].before["notes"] == "Bra."


def test_hlc_still_increases_after_restart_with_the_clock_set_back(
    set_up_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A laptop whose clock jumps back a day must not stamp edits older than before."""
    with open_app(set_up_dir) as first:
        admin = first.supervisors.list()[0].id
        p = new_participant(first, admin, "Sven")
        before = _participant_row(first, p.id)
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() - 86_400 * 10**9)
    with open_app(set_up_dir) as second:
        second.participants.update(admin, p.id, phone="070-1")
        after = _participant_row(second, p.id)
    assert after.hlc > before.hlc
    assert after.field_clock["phone"] > before.field_clock["phone"]
