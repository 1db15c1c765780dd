"""Scheduled backups resume after a restore that was refused."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.main_window import MainWindow
from tests.helpers import corrupt_database

from .conftest import Boxes


def test_refused_restore_restarts_the_schedule(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    chosen = app.backups.backup_now(admin.id)
    corrupt_database(app.paths.backups / chosen.name)
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow([p.title for p in window.page_widgets].index("Inställningar"))
    panel = window.current_page().backups_panel  # type: ignore[attr-defined]
    panel.table.selectRow([e.name for e in app.backups.list()].index(chosen.name))
    boxes.question_answer = QMessageBox.StandardButton.Yes
    assert window.scheduled_backup.timer.isActive()
    panel.restore_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("warning")), timeout=10_000)
    assert "skadad" in boxes.texts("warning")[0]
    assert window.app is app
    assert window.scheduled_backup.timer.isActive()
