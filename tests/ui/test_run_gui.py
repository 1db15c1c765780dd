"""`run_gui`: start-up errors, notices, wizard or login, and the lock released at the end.

These run the real event loop (`QApplication.exec`) once per test, as the app does: the
folder opens on a worker and the rest follows as callbacks (issue 14). A guard timer
ends a loop that would otherwise hang."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import UserError
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App, open_app
from handledare_app.ui import errors as ui_errors
from handledare_app.ui import startup as ui_startup
from handledare_app.ui import tasks
from handledare_app.ui.app import run_gui
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.setup_wizard import SetupWizard

from .conftest import Boxes

ACCEPTED = QDialog.DialogCode.Accepted
REJECTED = QDialog.DialogCode.Rejected


@pytest.fixture(autouse=True)
def loop_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Leave the event loop once the main window is attached (the app would now run until
    the user quits), and after 20 s whatever happens (exit code 99: a hang)."""
    real_attach = MainWindow.attach

    def attach(self: MainWindow, app: App, user: SupervisorInfo) -> None:
        real_attach(self, app, user)
        QTimer.singleShot(0, lambda: QApplication.exit(0))

    monkeypatch.setattr(MainWindow, "attach", attach)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: QApplication.exit(99))
    guard.start(20_000)
    yield
    guard.stop()
    tasks.wait_for_all()


@pytest.fixture
def shown_windows(monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """Record main windows instead of showing them."""
    shown: list[MainWindow] = []

    def show(self: MainWindow) -> None:
        shown.append(self)

    monkeypatch.setattr(MainWindow, "show", show)
    return shown


def fail_if_called(*_args: object) -> int:
    raise AssertionError("this dialog must not be shown")


def assert_lock_released(data_dir: Path) -> None:
    open_app(data_dir).close()


def test_data_folder_in_use_shows_swedish_message_and_returns_1(
    qtbot: QtBot, empty_app: App, data_dir: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SetupWizard, "exec", fail_if_called)
    assert run_gui(data_dir) == 1
    [text] = boxes.texts("critical")
    assert "redan igång" in text
    assert "Traceback" not in text


def test_cancelled_wizard_returns_0_and_releases_the_lock(
    qtbot: QtBot, data_dir: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SetupWizard, "exec", lambda _self: REJECTED)
    monkeypatch.setattr(LoginDialog, "exec", fail_if_called)
    assert run_gui(data_dir) == 0
    assert boxes.shown == []
    assert_lock_released(data_dir)


def test_startup_notices_are_shown(
    qtbot: QtBot, empty_app: App, data_dir: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_app.startup.notices.append("Databasen var skadad och har ersatts.")
    monkeypatch.setattr(ui_startup, "open_folder", lambda _dir, _backup: empty_app)
    monkeypatch.setattr(SetupWizard, "exec", lambda _self: REJECTED)
    assert run_gui(data_dir) == 0
    assert boxes.texts("information") == ["Databasen var skadad och har ersatts."]


def test_wizard_logs_the_new_admin_straight_in(
    qtbot: QtBot,
    data_dir: Path,
    boxes: Boxes,
    shown_windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def finish(self: SetupWizard) -> int:
        self.admin_id = self._app.setup.set_up(
            "Framstegs", "Bärbar dator 1", "Åsa Öberg", "4821", load_example_catalogue=False
        )
        return ACCEPTED

    monkeypatch.setattr(SetupWizard, "exec", finish)
    monkeypatch.setattr(LoginDialog, "exec", fail_if_called)
    assert run_gui(data_dir) == 0
    [window] = shown_windows
    assert window.user.name == "Åsa Öberg"
    assert window.windowTitle() == "Handledarappen – Framstegs"
    assert_lock_released(data_dir)


def test_set_up_folder_goes_to_login_then_main_window(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    data_dir: Path,
    boxes: Boxes,
    shown_windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.close()  # run_gui opens the folder itself

    def log_in(self: LoginDialog) -> int:
        self.supervisor = admin
        return ACCEPTED

    monkeypatch.setattr(SetupWizard, "exec", fail_if_called)
    monkeypatch.setattr(LoginDialog, "exec", log_in)
    assert run_gui(data_dir) == 0
    assert [w.user for w in shown_windows] == [admin]
    assert_lock_released(data_dir)


def test_cancelled_login_returns_0(
    qtbot: QtBot,
    app: App,
    data_dir: Path,
    boxes: Boxes,
    shown_windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.close()
    monkeypatch.setattr(LoginDialog, "exec", lambda _self: REJECTED)
    assert run_gui(data_dir) == 0
    [window] = shown_windows  # shown at once, while the folder opened
    assert window.user is None and window.page_widgets == []
    assert_lock_released(data_dir)


def test_window_is_shown_before_the_data_folder_opens(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    data_dir: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import handledare_app.services.app as services_app

    app.close()
    order: list[str] = []
    real_open = services_app.open_app

    def record_open(path: Path, **kwargs: Any) -> App:
        order.append("open")
        return real_open(path, **kwargs)

    def record_show(window: MainWindow) -> None:
        order.append("shown" if window.user is None else "shown after login")

    def log_in(self: LoginDialog) -> int:
        order.append("login")
        self.supervisor = admin
        return ACCEPTED

    monkeypatch.setattr(services_app, "open_app", record_open)
    monkeypatch.setattr(MainWindow, "show", record_show)
    monkeypatch.setattr(LoginDialog, "exec", log_in)
    assert run_gui(data_dir) == 0
    assert order == ["shown", "open", "login"]


def test_errors_escaping_a_slot_become_swedish_message_boxes(boxes: Boxes) -> None:
    try:
        raise UserError("Det gick inte att spara.")
    except UserError as exc:
        ui_errors._gui_excepthook(UserError, exc, exc.__traceback__)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        ui_errors._gui_excepthook(RuntimeError, exc, exc.__traceback__)
    assert boxes.texts("warning") == ["Det gick inte att spara."]
    assert boxes.texts("critical") == [ui_errors.UNEXPECTED_MESSAGE]
    assert "boom" not in boxes.texts("critical")[0]


def test_unexpected_start_failure_says_so_in_swedish(
    qtbot: QtBot, data_dir: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_dir: Path, _backup: bool) -> App:
        raise FileNotFoundError("resurser saknas")

    monkeypatch.setattr(ui_startup, "open_folder", broken)
    assert run_gui(data_dir) == 70
    [text] = boxes.texts("critical")
    assert "oväntat fel" in text and "resurser saknas" not in text
