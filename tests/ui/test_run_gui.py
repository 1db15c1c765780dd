"""`run_gui`: start-up errors, notices, wizard or login, and the lock released at the end.

These run the real event loop (`QApplication.exec`) once per test, as the app does: the
folder opens on a worker and the rest follows as callbacks (issue 14). A guard timer
ends a loop that would otherwise hang."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QThread, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import UserError
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App, DatabaseDamagedError, open_app
from handledare_app.services.paths import DataPaths
from handledare_app.ui import errors as ui_errors
from handledare_app.ui import startup as ui_startup
from handledare_app.ui import tasks
from handledare_app.ui.app import UNEXPECTED_START, run_gui
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


# --- issue 14: no nested event loop --------------------------------------------------


def test_login_is_reached_while_the_open_runs_on_a_worker_and_input_is_handled(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    data_dir: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the folder opens (held here until input has been handled), the GUI thread is
    in the one main event loop (loop level 1) and handles a key press and timers."""
    app.close()
    release = threading.Event()
    open_threads: list[int] = []
    real_open = ui_startup.open_folder

    def slow_open(path: Path, use_backup: bool) -> App:
        open_threads.append(threading.get_ident())
        assert release.wait(10)
        return real_open(path, use_backup)

    edit = QLineEdit()
    qtbot.addWidget(edit)
    order: list[object] = []

    def post_key() -> None:
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.postEvent(edit, key)
        QTimer.singleShot(5, check)

    def check() -> None:
        if edit.text() == "a" and open_threads and not release.is_set():
            order.append(("input handled", QThread.currentThread().loopLevel()))
            release.set()
        else:
            QTimer.singleShot(5, check)

    def log_in(self: LoginDialog) -> int:
        order.append("login")
        self.supervisor = admin
        return ACCEPTED

    monkeypatch.setattr(ui_startup, "open_folder", slow_open)
    monkeypatch.setattr(LoginDialog, "exec", log_in)
    QTimer.singleShot(0, post_key)
    assert run_gui(data_dir) == 0
    assert order == [("input handled", 1), "login"]
    assert open_threads and open_threads[0] != threading.get_ident()
    assert_lock_released(data_dir)


def damaged(data_dir: Path) -> DatabaseDamagedError:
    backup = SimpleNamespace(taken_at=dt.datetime(2027, 3, 14, 9, 30, tzinfo=dt.UTC))
    return DatabaseDamagedError(DataPaths(data_dir), "malformed", backup, [])  # type: ignore[arg-type]


@pytest.mark.parametrize("answer", ["No", "Yes"])
def test_a_damaged_database_asks_before_the_backup(
    qtbot: QtBot,
    app: App,
    data_dir: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
) -> None:
    app.close()
    calls: list[bool] = []
    real_open = ui_startup.open_folder

    def open_folder(path: Path, use_backup: bool) -> App:
        calls.append(use_backup)
        if not use_backup:
            raise damaged(path)
        return real_open(path, False)  # stands in for the backup

    monkeypatch.setattr(ui_startup, "open_folder", open_folder)
    monkeypatch.setattr(LoginDialog, "exec", lambda _self: REJECTED)
    boxes.question_answer = getattr(QMessageBox.StandardButton, answer)
    code = run_gui(data_dir)
    assert "är skadad" in boxes.texts("question")[0]
    if answer == "No":
        assert code == 1 and calls == [False]
    else:
        assert code == 0 and calls == [False, True]  # login cancelled after the switch
    assert boxes.texts("critical") == []
    assert_lock_released(data_dir)


@pytest.mark.parametrize(
    ("error", "code"),
    [(UserError("Datamappen går inte att läsa."), 1), (MemoryError(), 70)],
)
def test_failed_open_ends_the_app_with_its_exit_code(
    qtbot: QtBot,
    data_dir: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    code: int,
) -> None:
    def fail(_dir: Path, _backup: bool) -> App:
        raise error

    monkeypatch.setattr(ui_startup, "open_folder", fail)
    monkeypatch.setattr(SetupWizard, "exec", fail_if_called)
    monkeypatch.setattr(LoginDialog, "exec", fail_if_called)
    assert run_gui(data_dir) == code
    [text] = boxes.texts("critical")
    assert text == (error.full_text() if isinstance(error, UserError) else UNEXPECTED_START)
    fired: list[bool] = []  # no Quit left queued: a later event loop still runs
    QTimer.singleShot(1, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=2000)


def test_an_unexpected_error_after_the_open_gives_70_and_closes_the_folder(
    qtbot: QtBot, app: App, data_dir: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.close()

    def broken(_self: LoginDialog) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(LoginDialog, "exec", broken)
    assert run_gui(data_dir) == 70
    assert boxes.texts("critical") == [UNEXPECTED_START]
    assert_lock_released(data_dir)


def test_a_user_error_after_the_open_is_said_and_gives_1(
    qtbot: QtBot, app: App, data_dir: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E.g. the wizard's restore closed the folder and reopening it was refused."""
    app.close()
    error = UserError("Datamappen används av en annan Handledarappen.")

    def refused(_self: LoginDialog) -> int:
        raise error

    monkeypatch.setattr(LoginDialog, "exec", refused)
    assert run_gui(data_dir) == 1
    assert boxes.texts("critical") == [error.full_text()]
    assert_lock_released(data_dir)


def test_closing_the_window_while_the_folder_opens_closes_it_quietly(
    qtbot: QtBot,
    app: App,
    data_dir: Path,
    boxes: Boxes,
    shown_windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The late App is closed (lock released), and nobody is asked to log in."""
    app.close()
    release = threading.Event()
    real_open = ui_startup.open_folder

    def slow_open(path: Path, use_backup: bool) -> App:
        assert release.wait(10)
        return real_open(path, use_backup)

    def close_window() -> None:
        release.set()  # (the window's closeEvent waits for work still out)
        shown_windows[0].close()
        QApplication.quit()  # what closing the last window does

    monkeypatch.setattr(ui_startup, "open_folder", slow_open)
    monkeypatch.setattr(LoginDialog, "exec", fail_if_called)
    QTimer.singleShot(0, close_window)
    assert run_gui(data_dir) == 0
    tasks.wait_for_all()  # a late hand-over does nothing either
    assert boxes.shown == []
    assert_lock_released(data_dir)


def test_a_restore_in_the_wizard_goes_on_with_the_reopened_folder(
    qtbot: QtBot,
    data_dir: Path,
    set_up_template: Path,
    tmp_path: Path,
    boxes: Boxes,
    shown_windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wizard's restore closes the App it was given and reopens the folder: start-up
    logs in to and attaches the reopened App, and closes it at the end."""
    from handledare_app.ui import session as ui_session

    restored = tmp_path / "restored"
    shutil.copytree(set_up_template, restored)

    def first_run(app: App) -> SupervisorInfo | None:
        app.close()
        raise ui_session.Reopened(open_app(restored))

    def log_in(self: LoginDialog) -> int:
        self.supervisor = next(s for s in self._app.supervisors.list() if s.is_admin)
        return ACCEPTED

    monkeypatch.setattr(ui_session, "first_run", first_run)
    monkeypatch.setattr(LoginDialog, "exec", log_in)
    assert run_gui(data_dir) == 0
    [window] = shown_windows
    assert window.app is not None and window.app.paths.root == restored
    assert window.user is not None and window.user.is_admin
    assert_lock_released(data_dir)
    assert_lock_released(restored)
