"""Backups: verified copies, rotation, restore of the newest good one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage import backup as backups
from handledare_app.storage.backup import BACKUP_RE
from tests.helpers import corrupt_database, new_participant


def _count(path: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def _fake(directory: Path, when: dt.datetime, reason: str = "start") -> Path:
    p = directory / f"handledare-{when:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    p.write_bytes(b"")
    return p


def test_take_backup_makes_a_verified_copy(app: App, participant: ParticipantDetail) -> None:
    info = app.backup_now("manuell")
    assert BACKUP_RE.match(info.path.name)
    assert info.reason == "manuell"
    assert backups.quick_check(info.path) is None
    assert _count(info.path, "participant") == 1
    assert _count(info.path, "module") == _count(app.paths.db, "module")
    assert not list(app.paths.backups.glob("*.tmp"))
    assert info.size > 0


def test_backup_copy_is_self_contained(app: App) -> None:
    info = app.backup_now("manuell")
    assert not Path(str(info.path) + "-wal").exists()
    con = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()


def test_list_backups_is_newest_first_and_ignores_other_files(tmp_path: Path) -> None:
    old = _fake(tmp_path, dt.datetime(2027, 1, 1, 8))
    new = _fake(tmp_path, dt.datetime(2027, 3, 1, 8), "fore-katalogimport")
    (tmp_path / "anteckning.txt").write_text("x")
    (tmp_path / (new.name + ".tmp")).write_bytes(b"")
    found = backups.list_backups(tmp_path)
    assert [b.path for b in found] == [new, old]
    assert found[0].reason == "fore-katalogimport"
    assert found[0].taken_at == dt.datetime(2027, 3, 1, 8, tzinfo=dt.UTC)


def test_rotation_keeps_recent_daily_weekly_and_monthly(tmp_path: Path) -> None:
    base = dt.datetime(2027, 3, 14)  # a Sunday: the end of ISO week 10
    hourly = [_fake(tmp_path, base.replace(hour=h)) for h in range(12)]
    daily = {d: _fake(tmp_path, dt.datetime(2027, 3, d, 12)) for d in range(1, 14)}
    monthly = {}
    for i in range(14):  # 2026-01-15 … 2027-02-15
        year, month = 2026 + (i // 12), i % 12 + 1
        monthly[(year, month)] = _fake(tmp_path, dt.datetime(year, month, 15, 9))
    (tmp_path / "anteckning.txt").write_text("rör mig inte")

    removed = set(backups.rotate(tmp_path))

    expected_removed = {
        hourly[1],  # older than the 10 most recent; neither first nor newest of its day
        *(daily[d] for d in range(1, 7)),  # week 9 keeps only its newest (7 March)
        monthly[(2026, 1)],  # beyond twelve months
        monthly[(2026, 2)],
        monthly[(2026, 3)],
    }
    assert removed == expected_removed
    left = {p for p in tmp_path.iterdir()}
    assert (
        left
        == (
            {hourly[0]}  # the first of 14 March: the morning's state stays
            | set(hourly[2:])
            | {daily[d] for d in range(7, 14)}
            | {p for k, p in monthly.items() if k >= (2026, 4)}
            | {tmp_path / "anteckning.txt"}
        )
    )


def test_rotation_keeps_everything_when_few(tmp_path: Path) -> None:
    made = [_fake(tmp_path, dt.datetime(2027, 3, 14, 8, m)) for m in range(5)]
    assert backups.rotate(tmp_path) == []
    assert all(p.exists() for p in made)


def test_restore_newest_good_skips_a_corrupt_newest_backup(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    older = app.backup_now("manuell")
    new_participant(app, admin_id, "Sven")
    newest = app.backup_now("manuell")
    assert _count(newest.path, "participant") == 2
    corrupt_database(newest.path)
    assert backups.quick_check(newest.path) is not None

    target = tmp_path / "restored.sqlite"
    restored = backups.restore_newest_good(target, app.paths.backups)
    assert restored is not None
    assert restored.path == older.path
    assert backups.quick_check(target) is None
    assert _count(target, "participant") == 1
    assert not list(tmp_path.glob("*.restore.tmp"))


def test_restore_without_good_backup_returns_none(tmp_path: Path) -> None:
    bad = _fake(tmp_path, dt.datetime(2027, 3, 1))
    bad.write_bytes(b"not a database at all" * 100)
    target = tmp_path / "db.sqlite"
    assert backups.restore_newest_good(target, tmp_path) is None
    assert not target.exists()


def test_quick_check_reports_damage_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"x" * 4096)
    assert backups.quick_check(bad)
    # A file that cannot be opened is not proof of damage: recovery must not run.
    with pytest.raises(backups.DatabaseUnavailable):
        backups.quick_check(tmp_path / "missing.sqlite")


def test_move_aside_keeps_the_bytes(tmp_path: Path) -> None:
    db = tmp_path / "handledare.sqlite"
    db.write_bytes(b"damaged")
    Path(str(db) + "-wal").write_bytes(b"wal")
    target = backups.move_aside(db)
    assert not db.exists()
    assert target.read_bytes() == b"damaged"
    assert target.name.startswith("handledare.skadad-")
    assert Path(str(target) + "-wal").read_bytes() == b"wal"


@pytest.mark.parametrize("reason", ["start", "fore-uppgradering", "fore-katalogimport"])
def test_reasons_used_by_the_app_match_the_name_pattern(reason: str, tmp_path: Path) -> None:
    assert BACKUP_RE.match(_fake(tmp_path, dt.datetime(2027, 1, 1), reason).name)


def test_rotation_keeps_the_latest_upgrade_backups(tmp_path: Path) -> None:
    start = dt.datetime(2027, 1, 1, 8, 0)
    upgrade = _fake(tmp_path, start, reason="fore-uppgradering")
    for i in range(40):  # forty starts the same morning
        _fake(tmp_path, start + dt.timedelta(minutes=i + 1))
    backups.rotate(tmp_path)
    assert upgrade.exists()
