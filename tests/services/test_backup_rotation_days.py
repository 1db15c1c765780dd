"""Rotation keeps the first backup of each recent day: many restarts in one day must not
push that morning's state out (backups made through the app, its clock controlled)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.services.app import App, open_app
from handledare_app.storage import backup as storage_backup


class Clock:
    """The backups' clock (storage.backup._now), moved by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock(dt.datetime(2027, 3, 15, 7, 30, tzinfo=dt.UTC))  # a Monday morning
    monkeypatch.setattr(storage_backup, "_now", fake)
    yield fake


def _restart(folder: Path) -> None:
    """Start the app (it takes a start backup) and close it again."""
    open_app(folder).close()


def _names(app_or_folder: App | Path) -> list[str]:
    folder = app_or_folder.paths.root if isinstance(app_or_folder, App) else app_or_folder
    return [b.path.name for b in storage_backup.list_backups(folder / "backups")]


def test_twelve_restarts_in_a_day_keep_the_first_of_the_day(set_up_dir: Path, clock: Clock) -> None:
    _restart(set_up_dir)
    morning = storage_backup.list_backups(set_up_dir / "backups")[0]
    assert morning.taken_at == clock.now and morning.reason == "start"
    for _ in range(11):  # eleven more starts through the day, every 40 minutes
        clock.now += dt.timedelta(minutes=40)
        _restart(set_up_dir)

    kept = storage_backup.list_backups(set_up_dir / "backups")
    assert morning.path.exists(), "this morning's first backup was rotated out"
    # The newest ten are kept too; the second of the day (neither first nor recent) is not.
    starts = [b.taken_at for b in kept]
    assert starts[: storage_backup.KEEP_RECENT] == [
        clock.now - dt.timedelta(minutes=40 * i) for i in range(storage_backup.KEEP_RECENT)
    ]
    assert morning.taken_at + dt.timedelta(minutes=40) not in starts
    assert starts[-1] == morning.taken_at


def test_yesterdays_first_backup_survives_a_busy_today(clock: Clock, app: App) -> None:
    clock.now += dt.timedelta(hours=1)  # the fixture's own start backup was at 07:30
    for _ in range(5):
        clock.now += dt.timedelta(hours=1)
        app.backup_now("start")
    clock.now = dt.datetime(2027, 3, 16, 7, 0, tzinfo=dt.UTC)
    today_first = app.backup_now("start")
    for _ in range(14):
        clock.now += dt.timedelta(minutes=30)
        app.backup_now("schema")

    left = storage_backup.list_backups(app.paths.backups)
    assert today_first.path in {b.path for b in left}
    # Yesterday: its first (the start at 07:30) and, in the daily slot, its newest;
    # the four in between are gone.
    yesterday = [(b.taken_at.hour, b.taken_at.minute) for b in left if b.taken_at.day == 15]
    assert yesterday == [(13, 30), (7, 30)]


def test_count_stays_bounded_over_sixty_days_of_many_restarts(
    clock: Clock, app: App, admin_id: str
) -> None:
    taken = 1  # the fixture's start backup
    most = 0
    first_day = dt.datetime(2027, 3, 16, 6, 0, tzinfo=dt.UTC)
    for day in range(60):
        clock.now = first_day + dt.timedelta(days=day)
        for _ in range(12 if day % 10 == 9 else 1):  # one start most days, twelve on some
            clock.now += dt.timedelta(minutes=50)
            app.backup_now("start")
            taken += 1
            most = max(most, len(storage_backup.list_backups(app.paths.backups)))
        kept = {b.taken_at for b in storage_backup.list_backups(app.paths.backups)}
        assert clock.now.replace(hour=6, minute=50) in kept  # today's first
    clock.now += dt.timedelta(minutes=5)
    app.backups.backup_now(admin_id)  # Säkerhetskopiera nu rotates the same way
    backups = storage_backup.list_backups(app.paths.backups)

    assert storage_backup.MAX_KEPT == 43  # the worst case the docstring promises
    assert most <= storage_backup.MAX_KEPT and len(backups) <= storage_backup.MAX_KEPT
    assert len(backups) < taken  # rotation did remove some
    # The last three days with backups each keep their first of the day (06:50); the
    # busy last day keeps its morning although twelve later ones followed it.
    for date in sorted({b.taken_at.date() for b in backups})[-3:]:
        assert dt.datetime.combine(date, dt.time(6, 50), dt.UTC) in {b.taken_at for b in backups}
    # Weeks and months of history remain: the newest of March and of April (one start on
    # each of those days, at 06:50), and the newest of ISO week 12, eight weeks back.
    kept = {b.taken_at for b in backups}
    for last in (dt.date(2027, 3, 31), dt.date(2027, 4, 30), dt.date(2027, 3, 28)):
        assert dt.datetime.combine(last, dt.time(6, 50), dt.UTC) in kept
    assert backups[-1].taken_at.date() == dt.date(2027, 3, 28)
