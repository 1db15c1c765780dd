"""Every PIN check runs on the task runner and answers by callback (issue 14): while it
runs, the window handles input and timers, the field and the button rest, a second Enter
starts no second check, and an answer that arrives after the dialog closed does nothing.

The service's `login` is held on a threading.Event (`gate`) until the test lets it go.
Under the old `wait_for` (a local event loop) the click would not return until the check
was done, so each of these tests would hang on the gate and fail.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import ModuleStatus
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.domain.signing import SignatureMethod
from handledare_app.services.app import App
from handledare_app.services.supervisors import SupervisorService
from handledare_app.ui import tasks
from handledare_app.ui.idle_lock import LockDialog
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.participant_view import WRONG_PIN as VIEW_WRONG_PIN
from handledare_app.ui.participant_view import ParticipantViewDialog
from handledare_app.ui.pin_entry import CHECKING, WRONG_PIN, last_supervisor_id
from handledare_app.ui.signing.signoff_dialog import SIGNING, SignoffDialog
from tests.conftest import ADMIN_PIN
from tests.signing_helpers import SQUIGGLE, ready_module

from .conftest import Boxes

ACCEPTED = QDialog.DialogCode.Accepted
REJECTED = QDialog.DialogCode.Rejected


class Gate:
    """Holds every PIN check until `release` is set; counts the checks."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.calls = 0


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    g = Gate()
    real_login = SupervisorService.login

    def held_login(self: SupervisorService, supervisor_id: str, pin: str) -> SupervisorInfo:
        g.calls += 1
        g.started.set()
        assert g.release.wait(10), "the test never let the check go"
        return real_login(self, supervisor_id, pin)

    monkeypatch.setattr(SupervisorService, "login", held_login)
    yield g
    g.release.set()
    tasks.wait_for_all()


def assert_window_responsive(qtbot: QtBot, gate: Gate) -> None:
    """With the check still held: a key press posted to another widget is handled and a
    timer fires, from the event loop the test returned to."""
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    other = QLineEdit()
    qtbot.addWidget(other)
    fired: list[bool] = []
    QTimer.singleShot(1, lambda: fired.append(True))
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_X, Qt.KeyboardModifier.NoModifier, "x")
    QApplication.postEvent(other, key)
    qtbot.waitUntil(lambda: bool(fired) and other.text() == "x", timeout=2000)
    assert not gate.release.is_set() and gate.calls == 1


# --- login dialog (and the lock screen, which shares PinEntry) --------------------------


@pytest.fixture
def login(qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes) -> LoginDialog:
    dialog = LoginDialog(app)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.selected_id() == admin.id  # the only supervisor
    return dialog


def assert_login_resting(dialog: LoginDialog) -> None:
    assert dialog.entry.checking
    assert not dialog.pin_edit.isEnabled() and not dialog.name_list.isEnabled()
    assert not dialog.login_button.isEnabled()
    assert dialog.entry.status_label.isVisibleTo(dialog)
    assert dialog.entry.status_label.text() == CHECKING


def test_login_right_pin_while_the_window_takes_input(
    qtbot: QtBot, login: LoginDialog, admin: SupervisorInfo, gate: Gate
) -> None:
    qtbot.keyClicks(login.pin_edit, ADMIN_PIN)
    qtbot.keyClick(login.pin_edit, Qt.Key.Key_Return)
    assert_window_responsive(qtbot, gate)
    assert_login_resting(login)
    qtbot.keyClick(login, Qt.Key.Key_Return)  # a second Enter …
    login.try_login()  # … or a second click: no second check, and Avsluta is not hit
    assert gate.calls == 1 and login.isVisible() and not login.entry.status_label.isHidden()
    gate.release.set()
    qtbot.waitUntil(lambda: login.result() == ACCEPTED, timeout=5000)
    assert login.supervisor == admin and gate.calls == 1
    assert not login.entry.checking


def test_login_wrong_pin_says_so_next_to_the_field(
    qtbot: QtBot, login: LoginDialog, gate: Gate
) -> None:
    qtbot.keyClicks(login.pin_edit, "1111")
    login.login_button.click()
    assert_window_responsive(qtbot, gate)
    assert_login_resting(login)
    gate.release.set()
    qtbot.waitUntil(lambda: not login.entry.checking, timeout=5000)
    assert login.error_label.text() == WRONG_PIN and login.error_label.isVisibleTo(login)
    assert login.pin_edit.isEnabled() and login.pin_edit.text() == ""
    assert login.login_button.isEnabled() and not login.entry.status_label.isVisibleTo(login)
    assert login.isVisible() and login.supervisor is None


def test_an_answer_after_avsluta_logs_nobody_in(
    qtbot: QtBot, app: App, login: LoginDialog, gate: Gate
) -> None:
    assert last_supervisor_id(app) is None
    qtbot.keyClicks(login.pin_edit, ADMIN_PIN)
    login.login_button.click()
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    qtbot.keyClick(login, Qt.Key.Key_Escape)  # Avsluta while the right PIN is checked
    assert login.result() == REJECTED and not login.isVisible()
    gate.release.set()
    assert tasks.wait_for_all(5)  # the answer arrives …
    assert login.supervisor is None  # … and does nothing
    assert login.result() == REJECTED
    assert last_supervisor_id(app) is None, "not remembered either"


def test_the_lock_screen_unlocks_after_the_check_and_escape_does_not(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, gate: Gate
) -> None:
    dialog = LockDialog(app, admin.id, 10)
    qtbot.addWidget(dialog)
    unlocked: list[SupervisorInfo] = []
    dialog.unlocked.connect(unlocked.append)
    dialog.open()
    dialog.entry.pin_edit.setText(ADMIN_PIN)
    dialog.unlock_button.click()
    assert_window_responsive(qtbot, gate)
    assert not dialog.unlock_button.isEnabled() and not dialog.entry.pin_edit.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    gate.release.set()
    qtbot.waitUntil(lambda: unlocked == [admin], timeout=5000)
    assert dialog.result() == ACCEPTED


# --- Signera modul ------------------------------------------------------------------------


@pytest.fixture
def signoff(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> SignoffDialog:
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
    return dialog


def test_signing_pin_check_while_the_window_takes_input(
    qtbot: QtBot, app: App, signoff: SignoffDialog, gate: Gate, boxes: Boxes
) -> None:
    signoff.pin.setText(ADMIN_PIN)
    signoff.sign_button.click()
    assert_window_responsive(qtbot, gate)
    assert not signoff.pin.isEnabled() and not signoff.sign_button.isEnabled()
    assert signoff.pin_status.isVisibleTo(signoff) and signoff.pin_status.text() == SIGNING
    qtbot.keyClick(signoff, Qt.Key.Key_Return)  # Enter again …
    signoff._sign()  # … or Signera: no second check, and the dialog stays
    assert gate.calls == 1 and signoff.isVisible() and boxes.shown == []
    gate.release.set()
    qtbot.waitUntil(lambda: signoff.result() == ACCEPTED, timeout=5000)
    assert signoff.signed_id is not None
    assert gate.calls == 1, "the PIN is checked once per signature"
    assert app.assessment.enrollment(signoff.enrollment_id).status is ModuleStatus.SIGNED
    assert any("är signerad" in t for t in boxes.texts("information"))


def test_signing_wrong_pin_says_so_next_to_the_field(
    qtbot: QtBot, app: App, signoff: SignoffDialog, gate: Gate
) -> None:
    signoff.pin.setText("9999")
    signoff.sign_button.click()
    assert_window_responsive(qtbot, gate)
    gate.release.set()
    qtbot.waitUntil(lambda: signoff.pin.isEnabled(), timeout=5000)
    assert "Fel PIN-kod" in signoff.pin_error.text() and signoff.pin.text() == ""
    assert signoff.sign_button.isEnabled() and not signoff.pin_status.isVisibleTo(signoff)
    assert signoff.signed_id is None and signoff.isVisible()


def test_closing_the_signing_dialog_during_the_check_waits_for_the_signature(
    qtbot: QtBot, app: App, signoff: SignoffDialog, gate: Gate, boxes: Boxes
) -> None:
    """One call checks the PIN and saves the signature, so Avbryt cannot take it back:
    Escape and Avbryt wait (no question, the dialog stays) until the answer is in."""
    signoff.pin.setText(ADMIN_PIN)
    signoff.sign_button.click()
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    boxes.question_answer = QMessageBox.StandardButton.Yes  # would say "ja" if asked
    qtbot.keyClick(signoff, Qt.Key.Key_Escape)
    signoff.reject()  # Avbryt
    assert signoff.isVisible() and boxes.texts("question") == []
    gate.release.set()
    qtbot.waitUntil(lambda: signoff.result() == ACCEPTED, timeout=5000)
    assert signoff.signed_id is not None and gate.calls == 1
    assert app.assessment.enrollment(signoff.enrollment_id).status is ModuleStatus.SIGNED


def test_avbryt_is_disabled_while_signing_runs_and_enabled_after(
    qtbot: QtBot, signoff: SignoffDialog, gate: Gate
) -> None:
    """Avbryt cannot stop the call (it waits), so it rests like Signera instead of doing
    nothing when pressed; a wrong PIN gives it back."""
    assert signoff.cancel_button.isEnabled()
    signoff.pin.setText("9999")
    signoff.sign_button.click()
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    assert not signoff.cancel_button.isEnabled()
    gate.release.set()
    qtbot.waitUntil(lambda: signoff.pin.isEnabled(), timeout=5000)
    assert signoff.cancel_button.isEnabled() and signoff.cancel_button.text() == "Avbryt"


def test_closing_during_a_wrong_pin_check_waits_and_signs_nothing(
    qtbot: QtBot, app: App, signoff: SignoffDialog, gate: Gate, boxes: Boxes
) -> None:
    signoff.pin.setText("9999")
    signoff.sign_button.click()
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    qtbot.keyClick(signoff, Qt.Key.Key_Escape)
    assert signoff.isVisible()
    gate.release.set()
    qtbot.waitUntil(lambda: signoff.pin.isEnabled(), timeout=5000)
    assert "Fel PIN-kod" in signoff.pin_error.text() and signoff.isVisible()
    assert signoff.signed_id is None and gate.calls == 1
    assert app.assessment.enrollment(signoff.enrollment_id).status is not ModuleStatus.SIGNED
    boxes.question_answer = QMessageBox.StandardButton.Yes  # now Escape closes (after asking)
    qtbot.keyClick(signoff, Qt.Key.Key_Escape)
    assert signoff.result() == REJECTED and not signoff.isVisible()


# --- Deltagarvy ---------------------------------------------------------------------------


@pytest.fixture
def view(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> Iterator[ParticipantViewDialog]:
    dialog = ParticipantViewDialog(app, admin, participant.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ask_pin()
    yield dialog
    dialog.unlocked = True
    dialog.close()


def test_leaving_the_view_checks_the_pin_while_the_window_takes_input(
    qtbot: QtBot, view: ParticipantViewDialog, gate: Gate
) -> None:
    qtbot.keyClicks(view.pin_edit, ADMIN_PIN)
    qtbot.keyClick(view.pin_edit, Qt.Key.Key_Return)
    assert_window_responsive(qtbot, gate)
    assert not view.pin_edit.isEnabled() and not view.unlock_button.isEnabled()
    assert view.pin_status.isVisibleTo(view) and view.pin_status.text() == CHECKING
    qtbot.keyClick(view, Qt.Key.Key_Return)
    view.try_unlock()
    assert gate.calls == 1 and view.isVisible()
    gate.release.set()
    qtbot.waitUntil(lambda: view.unlocked, timeout=5000)
    assert not view.isVisible()


def test_wrong_pin_keeps_the_view_after_the_check(
    qtbot: QtBot, view: ParticipantViewDialog, gate: Gate
) -> None:
    qtbot.keyClicks(view.pin_edit, "1111")
    view.unlock_button.click()
    assert_window_responsive(qtbot, gate)
    gate.release.set()
    qtbot.waitUntil(lambda: not view.checking, timeout=5000)
    assert view.pin_error.text() == VIEW_WRONG_PIN and view.isVisible() and not view.unlocked
    assert view.pin_edit.isEnabled() and view.pin_edit.text() == ""


def test_fortsatt_visa_during_the_check_keeps_the_view(
    qtbot: QtBot, view: ParticipantViewDialog, gate: Gate
) -> None:
    qtbot.keyClicks(view.pin_edit, ADMIN_PIN)
    view.unlock_button.click()
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    view.stay_button.click()
    assert not view.pin_panel.isVisible() and view.pin_edit.isEnabled()
    gate.release.set()
    assert tasks.wait_for_all(5)
    assert view.isVisible() and not view.unlocked, "the late right PIN does not close it"


def test_an_unexpected_error_in_the_check_goes_to_the_error_hook(
    qtbot: QtBot, login: LoginDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said by the window's error hook (Swedish box, logged); the dialog takes a PIN again."""
    hooked: list[BaseException] = []

    def broken(_self: SupervisorService, _sid: str, _pin: str) -> SupervisorInfo:
        raise RuntimeError("disk borta")

    monkeypatch.setattr(SupervisorService, "login", broken)
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: hooked.append(exc))
    login.pin_edit.setText(ADMIN_PIN)
    login.try_login()
    qtbot.waitUntil(lambda: bool(hooked), timeout=5000)
    assert isinstance(hooked[0], RuntimeError)
    assert not login.entry.checking and login.pin_edit.isEnabled()
    assert login.login_button.isEnabled() and login.isVisible()
