"""Inställningar → Säkerhetskopior: list, backup now, restore (admin only), copy to a file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages import backups_panel
from handledare_app.ui.pages.backups_copy_dialogs import CopyToDialog
from handledare_app.ui.pages.backups_panel import (
    BackupsPanelWidget,
    BackupTableModel,
    screenshot_widgets,
)
from handledare_app.ui.pages.settings import SettingsPageWidget
from tests.helpers import db_summary, new_participant

from .conftest import Boxes
from .test_accessibility import unnamed

PASS = "korrekt häst batteri häftklammer"


def _panel(qtbot: QtBot, app: App, user: SupervisorInfo, **kw: object) -> BackupsPanelWidget:
    panel = BackupsPanelWidget(app, user, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_model(qtmodeltester: object, app: App, admin: SupervisorInfo) -> None:
    app.backups.backup_now(admin.id)
    model = BackupTableModel()
    model.set_rows(app.backups.list())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.data(model.index(0, 1)) == "Manuell"


def test_list_and_backup_now(qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes) -> None:
    panel = _panel(qtbot, app, admin)
    before = panel.model.rowCount()
    panel.backup_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1, timeout=10_000)
    assert "klar och kontrollerad" in panel.status.text()
    assert panel.model.row_record(0).reason_label == "Manuell"
    assert unnamed(panel) == []


def test_settings_page_has_the_panel(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    page = SettingsPageWidget(app, admin)
    qtbot.addWidget(page)
    assert isinstance(page.backups_panel, BackupsPanelWidget)
    app.backups.backup_now(admin.id)
    page.refresh()
    assert page.backups_panel.model.rowCount() == len(app.backups.list())


def test_only_admins_restore_or_copy(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    supervisor = app.supervisors.add(admin.id, "Bo Handledare", "1357", {Role.SUPERVISOR})
    app.backups.backup_now(admin.id)
    panel = _panel(qtbot, app, supervisor)
    assert panel.selected() is not None
    assert not panel.restore_button.isEnabled()
    assert not panel.copy_button.isEnabled()
    assert not panel.from_file_button.isEnabled()
    assert panel.backup_button.isEnabled()
    assert panel.restore_button.toolTip() == backups_panel.ADMIN_ONLY


def test_restore_asks_and_replaces_the_app(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    chosen = app.backups.backup_now(admin.id)
    state = db_summary(app)
    new_participant(app, admin.id, "Senare")
    replaced: list[App] = []
    panel = _panel(qtbot, app, admin, on_app_replaced=replaced.append)
    row = [e.name for e in app.backups.list()].index(chosen.name)
    panel.table.selectRow(row)

    boxes.question_answer = QMessageBox.StandardButton.No
    panel.restore_button.click()
    assert "raderas inte" in boxes.texts("question")[0]
    assert not replaced and not panel.job.running

    boxes.question_answer = QMessageBox.StandardButton.Yes
    panel.restore_button.click()
    qtbot.waitUntil(lambda: bool(replaced), timeout=20_000)
    new = replaced[0]
    try:
        assert new is not app and panel.app is new
        assert db_summary(new) == state
        assert any("Logga in igen" in t for t in boxes.texts("information"))
    finally:
        new.close()


def test_restore_refusal_is_shown_and_app_kept(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    from tests.helpers import corrupt_database

    chosen = app.backups.backup_now(admin.id)
    corrupt_database(app.paths.backups / chosen.name)
    replaced: list[App] = []
    panel = _panel(qtbot, app, admin, on_app_replaced=replaced.append)
    panel.table.selectRow([e.name for e in app.backups.list()].index(chosen.name))
    boxes.question_answer = QMessageBox.StandardButton.Yes
    panel.restore_button.click()
    qtbot.waitUntil(lambda: bool(boxes.texts("warning")), timeout=10_000)
    assert "skadad" in boxes.texts("warning")[0]
    assert not replaced
    assert app.participants.list() == []  # the App still works


def test_gui_thread_stays_free_during_copy(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, tmp_path: Path
) -> None:
    dialog = CopyToDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(tmp_path / "kopia"))
    dialog.pass1.setText(PASS)
    dialog.pass2.setText(PASS)
    started = time.monotonic()
    dialog.start_button.click()
    # The work runs in a thread: run on the GUI thread it would block for the whole copy
    # (scrypt alone ~1 s). Bounds are loose so a busy machine does not fail the test.
    assert time.monotonic() - started < 0.5
    assert dialog.job.running and not dialog.start_button.isEnabled()
    # The event loop keeps turning while the copy is written (scrypt alone takes ~1 s).
    gaps: list[float] = []
    last = time.monotonic()
    while dialog.job.running:
        QApplication.processEvents()
        now = time.monotonic()
        gaps.append(now - last)
        last = now
        time.sleep(0.01)
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=30_000)
    assert max(gaps) < 0.5
    assert "Klart" in dialog.status.text()
    assert (tmp_path / "kopia.hkopia").exists()
    assert dialog.cancel_button.text() == "Stäng"
    assert unnamed(dialog) == []


@pytest.mark.parametrize(
    ("p1", "p2", "message"),
    [("kort", "kort", "för kort"), (PASS, PASS + "!", "olika")],
)
def test_copy_dialog_checks_input(
    qtbot: QtBot, app: App, admin: SupervisorInfo, tmp_path: Path, p1: str, p2: str, message: str
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog = CopyToDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(stick / "k.hkopia"))
    dialog.pass1.setText(p1)
    dialog.pass2.setText(p2)
    dialog.start()
    assert message in dialog.error.text()
    assert not dialog.job.running and list(stick.iterdir()) == []


def test_copy_cancel(
    qtbot: QtBot, app: App, admin: SupervisorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog = CopyToDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(stick / "k.hkopia"))
    dialog.pass1.setText(PASS)
    dialog.pass2.setText(PASS)
    dialog.start()
    dialog.cancel_button.click()  # Avbryt while running: cancels, does not close
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=30_000)
    qtbot.waitUntil(lambda: "Avbrutet" in dialog.error.text(), timeout=5_000)
    assert list(stick.iterdir()) == []
    assert dialog.start_button.isEnabled()


def test_copy_error_is_shown(qtbot: QtBot, app: App, admin: SupervisorInfo, tmp_path: Path) -> None:
    dialog = CopyToDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "urdraget-minne" / "k.hkopia"))
    dialog.pass1.setText(PASS)
    dialog.pass2.setText(PASS)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=30_000)
    qtbot.waitUntil(lambda: "USB-minnet" in dialog.error.text(), timeout=5_000)


def test_screenshot_widgets(qtbot: QtBot, app: App, admin: SupervisorInfo) -> None:
    shots = screenshot_widgets(app, admin, "")
    for _name, widget in shots:
        qtbot.addWidget(widget)
        assert not widget.grab().isNull()
    assert [n for n, _ in shots] == [
        "sakerhetskopior",
        "sakerhetskopiera-till",
        "losenfras-for-kopia",
    ]


def test_window_rebuilds_on_the_restored_app_after_login(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handledare_app.ui import session
    from handledare_app.ui.main_window import MainWindow

    chosen = app.backups.backup_now(admin.id)
    new_participant(app, admin.id, "Senare")
    logins: list[App] = []

    def fake_login(new_app: App) -> SupervisorInfo:
        logins.append(new_app)
        return new_app.supervisors.get(admin.id)

    monkeypatch.setattr(session, "log_in", fake_login)
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.show()
    settings_row = [p.title for p in window.page_widgets].index("Inställningar")
    window.nav.setCurrentRow(settings_row)
    panel = window.current_page().backups_panel  # type: ignore[attr-defined]
    panel.table.selectRow([e.name for e in app.backups.list()].index(chosen.name))
    boxes.question_answer = QMessageBox.StandardButton.Yes
    panel.restore_button.click()
    qtbot.waitUntil(lambda: bool(logins) and window.app is logins[0], timeout=20_000)
    try:
        assert all(page.app is window.app for page in window.page_widgets)
        assert len(window.page_widgets) == 6
        assert window.scheduled_backup._app is window.app
        assert window.app.participants.list() == []
    finally:
        window.app.close()
