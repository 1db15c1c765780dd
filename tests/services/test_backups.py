"""Backups service: list, backup now, restore a chosen backup, permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import EvidenceType, Role
from handledare_app.domain.errors import PermissionDenied, UserError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App, open_app
from handledare_app.services.backups import reason_label, size_text
from handledare_app.storage.lock import DataDirLock
from tests.helpers import corrupt_database, db_summary, new_participant


def test_list_shows_reason_in_swedish_local_time_and_size(app: App, admin_id: str) -> None:
    entry = app.backups.backup_now(admin_id)
    listed = app.backups.list()
    assert listed[0] == entry
    assert entry.reason_label == "Manuell"
    assert entry.verified and entry.size > 0
    assert entry.local_time_text == f"{entry.taken_at.astimezone():%Y-%m-%d %H:%M}"
    # The start backup of the fixture's open is there too.
    assert "Vid start" in [e.reason_label for e in listed]


def test_reason_labels() -> None:
    assert reason_label("fore-uppgradering") == "Före uppgradering"
    assert reason_label("schema") == "Schemalagd"
    assert reason_label("fore-aterstallning") == "Före återställning"
    assert reason_label("fore-import") == "Före import"
    assert reason_label("fore-nagot-nytt") == "Före nagot nytt"
    assert size_text(2048) == "2 kB"
    assert size_text(5 * 1024 * 1024 + 300_000) == "5,3 MB"


def test_restore_round_trip(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    chosen = app.backups.backup_now(admin_id)
    before_state = db_summary(app)
    new_participant(app, admin_id, "Efteråt")
    after_state = db_summary(app)
    assert after_state != before_state
    old_db = app.paths.db

    outcome = app.backups.restore(admin_id, chosen.name)
    new = outcome.app
    try:
        assert outcome.restored == chosen
        assert outcome.before_restore.reason_label == "Före återställning"
        # Restored content equals the copy; the audit log too (nothing replayed).
        assert db_summary(new) == before_state
        assert [p.name for p in new.participants.list()] == ["Märta Ekström"]
        # The replaced database was moved aside, never deleted, and still holds the newer data.
        assert outcome.moved_aside.exists() and outcome.moved_aside.parent == old_db.parent
        assert "ersatt" in outcome.moved_aside.name
        # The pre-restore backup holds the state just before: restoring it brings it back.
        back = new.backups.restore(admin_id, outcome.before_restore.name)
        try:
            assert db_summary(back.app) == after_state
        finally:
            back.app.close()
    finally:
        new.close()
    # The lock was handed over and released exactly once: the folder opens again.
    open_app(app.paths.root, backup_at_start=False).close()


def test_restore_keeps_the_lock_held(app: App, admin_id: str) -> None:
    chosen = app.backups.backup_now(admin_id)
    outcome = app.backups.restore(admin_id, chosen.name)
    try:
        app.close()  # the old App no longer owns the lock: closing it must not free it
        with pytest.raises(UserError, match="redan igång"):
            DataDirLock(app.paths.root).acquire()
    finally:
        outcome.app.close()


def test_restore_refuses_a_damaged_backup(app: App, admin_id: str) -> None:
    chosen = app.backups.backup_now(admin_id)
    new_participant(app, admin_id, "Finns kvar")
    before = db_summary(app)
    corrupt_database(app.paths.backups / chosen.name)
    with pytest.raises(UserError, match="skadad"):
        app.backups.restore(admin_id, chosen.name)
    # Nothing changed and the app is still usable.
    assert db_summary(app) == before
    assert not list(app.paths.root.glob("*ersatt*"))
    assert "Finns kvar Testsson" in [p.name for p in app.participants.list()]


def test_restore_of_a_vanished_backup(app: App, admin_id: str) -> None:
    with pytest.raises(UserError, match="finns inte längre"):
        app.backups.restore(admin_id, "handledare-20260101-000000-000000-start.sqlite")


def test_only_admins_restore_and_staff_back_up(app: App, admin_id: str) -> None:
    supervisor = app.supervisors.add(admin_id, "Bo Handledare", "1357", {Role.SUPERVISOR})
    quality = app.supervisors.add(admin_id, "Kim Granskare", "2468", {Role.QUALITY_ASSURER})
    chosen = app.backups.backup_now(supervisor.id)
    with pytest.raises(PermissionDenied):
        app.backups.restore(supervisor.id, chosen.name)
    with pytest.raises(PermissionDenied):
        app.backups.backup_now(quality.id)
    with pytest.raises(PermissionDenied):
        app.backups.backup_now(None)
    with pytest.raises(PermissionDenied):
        app.backups.write_copy(supervisor.id, app.paths.root.parent / "x.hkopia", "lång nog fras")
    assert not (app.paths.root.parent / "x.hkopia").exists()


def test_restored_pre_upgrade_style_backup_keeps_evidence(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.OBSERVATION,
        date=dt.date(2026, 10, 1),
        title="Sorterade kläder",
    )
    chosen = app.backups.backup_now(admin_id)
    outcome = app.backups.restore(admin_id, chosen.name)
    try:
        assert [e.title for e in outcome.app.evidence.list(participant.id)] == ["Sorterade kläder"]
    finally:
        outcome.app.close()


def test_restore_refuses_a_backup_from_a_newer_version(app: App, admin_id: str) -> None:
    from tests.helpers import write_alembic_revision

    chosen = app.backups.backup_now(admin_id)
    write_alembic_revision(app.paths.backups / chosen.name, "9999")
    with pytest.raises(UserError, match="nyare version"):
        app.backups.restore(admin_id, chosen.name)
    assert app.participants.list() == []  # still open and usable
