"""The first-run wizard finishes on the task runner: while a new workplace is created, a
workplace joined or a copy restored, the window takes input, the page says what happens,
its buttons and fields rest, a second Slutför starts nothing and closing is refused."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from handledare_app.services import first_run_restore
from handledare_app.services.app import App, open_app
from handledare_app.services.first_run_restore import FirstRunRestore
from handledare_app.ui import tasks
from handledare_app.ui.errors import UNEXPECTED_MESSAGE
from handledare_app.ui.setup_finish import CLOSE_REFUSED, CREATING, JOINING, RESTORING
from handledare_app.ui.setup_ways import JOIN, RESTORE
from handledare_app.ui.setup_wizard import SetupWizard

from .conftest import Boxes

NEXT = QWizard.WizardButton.NextButton
BACK = QWizard.WizardButton.BackButton
FINISH = QWizard.WizardButton.FinishButton
CANCEL = QWizard.WizardButton.CancelButton
WAIT_MS = 10_000


class Gate:
    """Holds a service call on its worker thread until the test lets it go."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0
        self.thread: threading.Thread | None = None

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.thread = threading.current_thread()
            self.started.set()
            assert self.release.wait(WAIT_MS / 1000), "the test never let the work go"
            return fn(*args, **kwargs)

        return held


@pytest.fixture
def gate() -> Iterator[Gate]:
    g = Gate()
    yield g
    g.release.set()  # never leave a worker waiting, whatever the test did
    tasks.wait_for_all()
    QCoreApplication.processEvents()  # a late outcome's message box: still recorded


@pytest.fixture
def wizard(qtbot: QtBot, empty_app: App, boxes: Boxes) -> SetupWizard:
    wiz = SetupWizard(empty_app)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.waitExposed(wiz)
    return wiz


@pytest.fixture
def inviter(set_up_template: Path, tmp_path: Path) -> Iterator[App]:
    shutil.copytree(set_up_template, tmp_path / "inviter")
    other = open_app(tmp_path / "inviter")
    yield other
    other.close()


def click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def to_summary(qtbot: QtBot, wizard: SetupWizard) -> None:
    click(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.workplace_page.name_edit, "Framstegs Secondhand")
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.admin_page.name_edit, "Åsa Öberg")
    qtbot.keyClicks(wizard.admin_page.pin_edit, "4821")
    qtbot.keyClicks(wizard.admin_page.pin2_edit, "4821")
    click(qtbot, wizard, NEXT)
    qtbot.keyClick(wizard.catalogue_page.example_check, Qt.Key.Key_Space)  # fewer rows
    click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.summary_page


def fields(wizard: SetupWizard) -> list[QLineEdit | QPushButton]:
    page = wizard.currentPage()
    return [*page.findChildren(QLineEdit), *page.findChildren(QPushButton)]


def assert_working(qtbot: QtBot, wizard: SetupWizard, gate: Gate, text: str, boxes: Boxes) -> None:
    """The work is held on its worker: the window still runs and shows that it works."""
    qtbot.waitUntil(gate.started.is_set, timeout=WAIT_MS)
    assert gate.thread is not threading.main_thread()
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))  # the GUI thread's event loop runs
    qtbot.waitUntil(lambda: bool(ticks), timeout=WAIT_MS)

    status = wizard.page_status()
    assert status is not None and status.parent() is wizard.currentPage()
    assert status.isVisible()
    assert status.label.text() == text
    assert status.bar.minimum() == status.bar.maximum() == 0  # a moving busy bar
    for which in (FINISH, BACK, CANCEL):
        assert not wizard.button(which).isEnabled(), wizard.buttonText(which)
    assert all(not w.isEnabled() for w in fields(wizard))

    wizard.accept()  # a second Slutför (the button is disabled; Enter comes here too)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert tasks.pending() == 1

    assert wizard.close() is False  # the title bar's close button
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    wizard.reject()  # Avbryt
    assert wizard.isVisible() and status.note.isVisible()
    assert status.note.text() == CLOSE_REFUSED
    assert boxes.shown == []  # no "Avbryta guiden?": closing is simply not possible now
    assert gate.calls == 1


def assert_usable_again(wizard: SetupWizard) -> None:
    assert wizard.isVisible() and not wizard.working
    assert wizard.button(FINISH).isEnabled() and wizard.button(CANCEL).isEnabled()
    assert all(w.isEnabled() for w in fields(wizard))
    status = wizard.page_status()
    assert status is not None and not status.isVisible()


# --- Ny arbetsplats ---------------------------------------------------------------------


def test_new_workplace_is_created_while_the_window_runs(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    gate: Gate,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(empty_app.setup, "set_up", gate.wrap(empty_app.setup.set_up))
    to_summary(qtbot, wizard)
    click(qtbot, wizard, FINISH)
    assert_working(qtbot, wizard, gate, CREATING, boxes)
    assert not empty_app.setup.is_set_up()

    gate.release.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert empty_app.supervisors.get(wizard.admin_id or "").name == "Åsa Öberg"
    assert boxes.shown == []


def test_unexpected_error_says_the_general_text_and_the_wizard_stays(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("internal detail /tmp/x")

    real = empty_app.setup.set_up
    monkeypatch.setattr(empty_app.setup, "set_up", broken)
    to_summary(qtbot, wizard)
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=WAIT_MS)
    assert boxes.shown == [("critical", "Ett oväntat fel", UNEXPECTED_MESSAGE)]
    assert_usable_again(wizard)
    assert wizard.admin_id is None and not empty_app.setup.is_set_up()

    monkeypatch.setattr(empty_app.setup, "set_up", real)  # retry: it works now
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert wizard.admin_id is not None and empty_app.setup.is_set_up()


def test_validation_error_enables_the_page_again(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handledare_app.domain.errors import ValidationError

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise ValidationError("Uppgifterna behöver rättas.", ["Ange arbetsplatsens namn."])

    monkeypatch.setattr(empty_app.setup, "set_up", refuse)
    to_summary(qtbot, wizard)
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: not wizard.working, timeout=WAIT_MS)
    assert boxes.shown == [
        (
            "warning",
            "Uppgifterna behöver rättas",
            "Uppgifterna behöver rättas.\n  • Ange arbetsplatsens namn.",
        )
    ]
    assert_usable_again(wizard)
    assert wizard.button(BACK).isEnabled()
    click(qtbot, wizard, BACK)  # go back and correct
    assert wizard.currentPage() is wizard.catalogue_page


# --- Anslut till en arbetsplats ---------------------------------------------------------


def test_joining_runs_off_the_gui_thread_and_a_wrong_code_can_be_retried(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    inviter: App,
    tmp_path: Path,
    gate: Gate,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.sync_helpers import fast_seal

    fast_seal(monkeypatch)
    inv = inviter.joining.invite(None, tmp_path / "x.hinbjudan")
    wizard.welcome_page.ways.choose(JOIN)
    click(qtbot, wizard, NEXT)
    page = wizard.join_page
    page.file_edit.setText(str(inv.path))
    page.secret_edit.setText("fel-kod")
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=WAIT_MS)
    [(kind, title, _text)] = boxes.shown
    assert (kind, title) == ("warning", "Det gick inte")
    assert_usable_again(wizard)
    assert not empty_app.setup.is_set_up()

    boxes.shown.clear()
    monkeypatch.setattr(empty_app.joining, "join", gate.wrap(empty_app.joining.join))
    page.secret_edit.setText(inv.code)
    click(qtbot, wizard, FINISH)
    assert_working(qtbot, wizard, gate, JOINING, boxes)

    gate.release.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert empty_app.setup.workplace().id == inviter.setup.workplace().id
    [(kind, title, text)] = boxes.shown
    assert (kind, title) == ("information", "Klart") and "Logga in" in text
    assert wizard.reopened_app is None and wizard.admin_id is None


def test_after_a_failed_join_the_focus_is_back_where_it_was(
    qtbot: QtBot,
    wizard: SetupWizard,
    inviter: App,
    tmp_path: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Slutför is disabled while the work runs, which takes the focus away; when the
    outcome is handled it goes back (a keyboard user would otherwise have lost their place,
    also behind the error's message box)."""
    from tests.sync_helpers import fast_seal

    fast_seal(monkeypatch)
    inv = inviter.joining.invite(None, tmp_path / "x.hinbjudan")
    wizard.welcome_page.ways.choose(JOIN)
    click(qtbot, wizard, NEXT)
    wizard.join_page.file_edit.setText(str(inv.path))
    wizard.join_page.secret_edit.setText("fel-kod")
    finish = wizard.button(FINISH)
    finish.setFocus()
    focus_when_shown: list[object] = []
    real_warning = QMessageBox.warning

    def warning(*args: Any) -> object:
        focus_when_shown.append(QApplication.focusWidget())
        return real_warning(*args)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    qtbot.keyClick(finish, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=WAIT_MS)
    assert focus_when_shown == [finish]  # the box gives the focus back to it
    assert QApplication.focusWidget() is finish


# --- Återställ från kopia ---------------------------------------------------------------


def choose_restore(qtbot: QtBot, wizard: SetupWizard, tmp_path: Path) -> None:
    wizard.welcome_page.ways.choose(RESTORE)
    click(qtbot, wizard, NEXT)
    wizard.restore_page.file_edit.setText(str(tmp_path / "kopia.hkopia"))
    wizard.restore_page.secret_edit.setText("en lång lösenfras")


def test_restore_runs_off_the_gui_thread_and_hands_over_the_reopened_app(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    set_up_template: Path,
    tmp_path: Path,
    gate: Gate,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real restore has its own tests (and test_setup_wizard's end-to-end one); here
    a stand-in does what it does to the wizard: closes the App, hands back another."""
    restored = tmp_path / "restored"
    shutil.copytree(set_up_template, restored)
    seen: list[tuple[Path, str]] = []

    def restore(app: App, source: Path, passphrase: str) -> FirstRunRestore:
        seen.append((source, passphrase))
        app.close()
        return FirstRunRestore(open_app(restored), dt.datetime(2027, 3, 14, tzinfo=dt.UTC))

    monkeypatch.setattr(first_run_restore, "restore_first_run", gate.wrap(restore))
    choose_restore(qtbot, wizard, tmp_path)
    click(qtbot, wizard, FINISH)
    assert_working(qtbot, wizard, gate, RESTORING, boxes)
    assert wizard.reopened_app is None

    gate.release.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    reopened = wizard.reopened_app
    assert reopened is not None
    try:
        assert seen == [(tmp_path / "kopia.hkopia", "en lång lösenfras")]
        assert wizard.result() == QWizard.DialogCode.Accepted
        assert reopened.setup.is_set_up()
        assert boxes.texts("information") == [
            "Installationen är återställd från kopian 2027-03-14. Logga in med din PIN-kod."
        ]
    finally:
        reopened.close()


def test_a_failed_restore_goes_on_with_the_reopened_app_and_can_be_retried(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    data_dir: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handledare_app.services.backups import RestoreFailed

    def fails(app: App, _source: Path, _passphrase: str) -> FirstRunRestore:
        app.close()
        raise RestoreFailed("Kopian är skadad.", open_app(data_dir))

    monkeypatch.setattr(first_run_restore, "restore_first_run", fails)
    choose_restore(qtbot, wizard, Path("/finns/inte"))
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=WAIT_MS)
    reopened = wizard.reopened_app
    assert reopened is not None and reopened is not empty_app
    try:
        assert boxes.shown == [("warning", "Återställningen misslyckades", "Kopian är skadad.")]
        assert_usable_again(wizard)
        assert wizard._app is reopened  # a retry uses the reopened App

        def broken(*_args: object) -> FirstRunRestore:
            raise RuntimeError("internal detail")

        monkeypatch.setattr(first_run_restore, "restore_first_run", broken)
        boxes.shown.clear()
        click(qtbot, wizard, FINISH)
        qtbot.waitUntil(lambda: bool(boxes.shown), timeout=WAIT_MS)
        assert boxes.shown == [("critical", "Ett oväntat fel", UNEXPECTED_MESSAGE)]
        assert_usable_again(wizard)
        assert wizard.reopened_app is reopened
    finally:
        reopened.close()


def test_screenshot_state_shows_the_working_look(qtbot: QtBot, empty_app: App) -> None:
    from handledare_app.ui.setup_ways import screenshot_widgets

    shots = dict(screenshot_widgets(empty_app, None, ""))
    wizard = shots["guide-ansluter"]
    qtbot.addWidget(wizard)
    assert isinstance(wizard, SetupWizard)
    assert wizard.currentPage() is wizard.join_page
    assert not wizard.join_page.status.isHidden()
    assert wizard.join_page.status.label.text() == JOINING
    assert not wizard.button(FINISH).isEnabled()
    assert not wizard.working  # only the look: nothing runs
    for _name, other in shots.items():
        if other is not wizard:
            other.deleteLater()


def test_a_restore_that_cannot_reopen_the_folder_ends_the_wizard(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closed for the restore and not opened again (not a RestoreFailed): the wizard holds
    a closed App and cannot go on, so it closes and hands the error on to start-up."""

    def cannot_reopen(app: App, _source: Path, _passphrase: str) -> FirstRunRestore:
        app.close()
        raise RuntimeError("the restored database cannot be opened")

    monkeypatch.setattr(first_run_restore, "restore_first_run", cannot_reopen)
    choose_restore(qtbot, wizard, Path("/finns/inte"))
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert isinstance(wizard.fatal, RuntimeError)
    assert wizard.reopened_app is None
    assert boxes.shown == []  # start-up says it (its own message, then exit 70)


def test_a_user_error_after_the_folder_was_closed_also_ends_the_wizard(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening the folder again can refuse with a UserError (a DataDirError): the App the
    wizard holds is closed all the same, so a retry could only fail; the wizard ends."""
    from handledare_app.domain.errors import DataDirError

    def cannot_reopen(app: App, _source: Path, _passphrase: str) -> FirstRunRestore:
        app.close()
        raise DataDirError("Datamappen kan inte öppnas.")

    monkeypatch.setattr(first_run_restore, "restore_first_run", cannot_reopen)
    choose_restore(qtbot, wizard, Path("/finns/inte"))
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert isinstance(wizard.fatal, DataDirError)
    assert boxes.shown == []


def test_first_run_hands_the_wizards_fatal_error_to_start_up(
    qtbot: QtBot, empty_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handledare_app.ui import session

    class Ended(SetupWizard):
        def exec(self) -> int:
            self.fatal = RuntimeError("the restored database cannot be opened")
            return 0

    monkeypatch.setattr(session, "SetupWizard", Ended)
    with pytest.raises(RuntimeError, match="cannot be opened"):
        session.first_run(empty_app)
