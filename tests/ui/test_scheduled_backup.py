"""The window takes verified backups on a schedule, off the GUI thread."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.storage.backup import list_backups
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.scheduled_backup import ScheduledBackup


def test_timer_takes_a_backup(qtbot: QtBot, app: App) -> None:
    before = len(list_backups(app.paths.backups))
    job = ScheduledBackup(app, interval_ms=10)
    qtbot.waitUntil(lambda: any(b.reason == "schema" for b in list_backups(app.paths.backups)))
    job.timer.stop()
    job.wait()
    assert len(list_backups(app.paths.backups)) > before


def test_main_window_schedules_backups(qtbot: QtBot, app: App, admin: SupervisorInfo) -> None:
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    assert window.scheduled_backup.timer.isActive()
    assert window.scheduled_backup.timer.interval() == 4 * 60 * 60 * 1000
