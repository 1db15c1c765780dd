"""Login remembers the last user and slows down guessing; the idle lock; Handledare admin."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.errors import UserError
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.services.pin_guard import wait_after, wait_text
from handledare_app.ui.idle_lock import IdleLock
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.new_participant_dialog import NewParticipantDialog
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.supervisor_admin import (
    PinResetDialog,
    SupervisorAdminWidget,
    SupervisorDialog,
)
from handledare_app.ui.tasks import wait_for_all
from tests.conftest import ADMIN_PIN
from tests.helpers import new_participant

from .conftest import Boxes

BENGT_PIN = "5937"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def bengt(app: App, admin: SupervisorInfo) -> SupervisorInfo:
    return app.supervisors.add(admin.id, "Bengt Karlsson", BENGT_PIN, {Role.SUPERVISOR})


def select(dialog: LoginDialog, name: str) -> None:
    items = dialog.name_list.findItems(name, Qt.MatchFlag.MatchExactly)
    dialog.name_list.setCurrentItem(items[0])


# --- login ---------------------------------------------------------------------------


def test_the_last_user_is_chosen_next_time(
    qtbot: QtBot, app: App, admin: SupervisorInfo, bengt: SupervisorInfo, boxes: Boxes
) -> None:
    first = LoginDialog(app)
    qtbot.addWidget(first)
    assert first.selected_id() is None
    select(first, "Bengt Karlsson")
    first.pin_edit.setText(BENGT_PIN)
    first.login_button.click()
    wait_for_all()  # the PIN check's answer arrives as a callback
    assert first.supervisor == bengt

    second = LoginDialog(app)
    qtbot.addWidget(second)
    assert second.selected_id() == bengt.id


def test_wrong_pins_get_a_growing_wait(
    qtbot: QtBot, app: App, admin: SupervisorInfo, bengt: SupervisorInfo, boxes: Boxes
) -> None:
    clock = FakeClock()
    app.supervisors.pin_clock = clock  # the service's throttle (kept across restarts)
    dialog = LoginDialog(app)
    qtbot.addWidget(dialog)
    select(dialog, "Bengt Karlsson")
    for _ in range(2):
        dialog.pin_edit.setText("1111")
        dialog.login_button.click()
        wait_for_all()
        assert dialog.error_label.text() == "Fel PIN-kod. Försök igen."
    dialog.pin_edit.setText("1111")
    dialog.login_button.click()
    wait_for_all()
    assert dialog.error_label.text() == (
        "För många fel PIN-koder. Vänta 5 sekunder och försök sedan igen."
    )
    assert not dialog.login_button.isEnabled()

    dialog.pin_edit.setText(BENGT_PIN)  # even the right PIN waits
    dialog.try_login()
    wait_for_all()
    assert dialog.supervisor is None and not dialog.entry.checking

    select(dialog, "Åsa Öberg")  # someone else is not held up
    assert dialog.login_button.isEnabled()
    select(dialog, "Bengt Karlsson")
    clock.now += 5
    dialog.entry._update_block()
    assert dialog.login_button.isEnabled()
    dialog.pin_edit.setText(BENGT_PIN)
    dialog.login_button.click()
    wait_for_all()
    assert dialog.supervisor == bengt


def test_the_wait_survives_a_new_login_dialog(
    qtbot: QtBot, app: App, admin: SupervisorInfo, bengt: SupervisorInfo, boxes: Boxes
) -> None:
    """One throttle, the service's: a new dialog (or the lock screen) starts no new count."""
    clock = FakeClock()
    app.supervisors.pin_clock = clock
    for _ in range(3):
        with pytest.raises(UserError):
            app.supervisors.login(bengt.id, "1111")
    dialog = LoginDialog(app)
    qtbot.addWidget(dialog)
    select(dialog, "Bengt Karlsson")
    assert not dialog.login_button.isEnabled()
    assert "Vänta 5 sekunder" in dialog.error_label.text()
    clock.now += 5
    dialog.entry._update_block()
    assert dialog.login_button.isEnabled()


def test_wait_grows_and_is_capped() -> None:
    assert [wait_after(n) for n in range(1, 7)] == [0, 0, 5, 10, 20, 40]
    assert wait_after(30) == 300
    assert wait_text(1) == "1 sekund"
    assert wait_text(39.2) == "40 sekunder"
    assert wait_text(59.2) == "1 minut"
    assert wait_text(300) == "5 minuter"


# --- idle lock -------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes) -> MainWindow:
    win = MainWindow(app, admin)
    qtbot.addWidget(win)
    win.show()
    page = next(p for p in win.page_widgets if isinstance(p, ParticipantsPageWidget))
    qtbot.waitUntil(lambda: not page.loading)
    return win


def fresh_lock(window: MainWindow, app: App, clock: FakeClock) -> IdleLock:
    window.idle_lock.stop()
    lock = IdleLock(window, app, clock=clock)
    window.idle_lock = lock  # stopped when the window closes
    return lock


def test_locks_after_the_workplace_idle_time_and_unlocks_with_pin(
    qtbot: QtBot, window: MainWindow, app: App, admin: SupervisorInfo
) -> None:
    app.setup.update_workplace(admin.id, idle_lock_minutes=5)
    clock = FakeClock()
    lock = fresh_lock(window, app, clock)
    clock.now += 4 * 60
    lock.check_now()
    assert not lock.locked
    qtbot.mouseMove(window, window.rect().center())  # input resets the idle time
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    clock.now += 60 + 1
    lock.check_now()
    assert not lock.locked, "input a minute ago"
    clock.now += 4 * 60
    lock.check_now()
    assert lock.locked
    assert lock.stack.currentWidget() is lock.cover
    assert window.user_label.text() == "Låst"
    dialog = lock.lock_dialog
    assert dialog is not None and dialog.isVisible()
    assert "5 minuter" in dialog.message.text()
    assert dialog.entry.selected_id() == admin.id

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert lock.locked, "Escape does not unlock"
    dialog.entry.pin_edit.setText("1111")
    dialog.unlock_button.click()
    wait_for_all()
    assert lock.locked and dialog.entry.error_label.text() == "Fel PIN-kod. Försök igen."
    dialog.entry.pin_edit.setText(ADMIN_PIN)
    dialog.unlock_button.click()
    wait_for_all()
    assert not lock.locked
    assert lock.stack.currentWidget() is lock.content
    assert "Åsa Öberg" in window.user_label.text()


def test_another_supervisor_unlocks_and_pages_follow(
    qtbot: QtBot, window: MainWindow, app: App, admin: SupervisorInfo, bengt: SupervisorInfo
) -> None:
    lock = fresh_lock(window, app, FakeClock())
    page = next(p for p in window.page_widgets if isinstance(p, ParticipantsPageWidget))
    participant = new_participant(app, admin.id, "Marta")
    opened = page.open_participant(participant.id)
    assert opened is not None
    opened.show_tab("Uppföljningar")
    lock.lock(10)
    dialog = lock.lock_dialog
    assert dialog is not None
    dialog.entry.name_list.setCurrentItem(
        dialog.entry.name_list.findItems("Bengt Karlsson", Qt.MatchFlag.MatchExactly)[0]
    )
    dialog.entry.pin_edit.setText(BENGT_PIN)
    dialog.unlock_button.click()
    wait_for_all()
    assert window.user == bengt
    assert page.user == bengt
    assert all(p.user == bengt for p in window.page_widgets)
    assert "Bengt Karlsson" in window.user_label.text()
    assert page.participant_page is not None and page.participant_page is not opened
    assert page.participant_page.user == bengt
    assert page.participant_page.follow_ups_tab.user == bengt
    assert page.participant_page.tabs.currentWidget() is page.participant_page.follow_ups_tab
    qtbot.waitUntil(lambda: not page.loading)


def test_an_open_dialog_is_covered_and_kept_for_the_same_user(
    qtbot: QtBot, window: MainWindow, app: App, admin: SupervisorInfo, bengt: SupervisorInfo
) -> None:
    lock = fresh_lock(window, app, FakeClock())
    dialog = NewParticipantDialog(app, admin, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first_name_edit.setText("Marta")
    lock.lock(10)
    assert len(lock._covers) == 1 and lock._covers[0].parent() is dialog
    assert lock.lock_dialog is not None
    lock.lock_dialog.entry.pin_edit.setText(ADMIN_PIN)
    lock.lock_dialog.unlock_button.click()
    wait_for_all()
    assert dialog.isVisible() and dialog.first_name_edit.text() == "Marta"

    lock.lock(10)
    entry = lock.lock_dialog.entry  # type: ignore[union-attr]
    entry.name_list.setCurrentItem(
        entry.name_list.findItems("Bengt Karlsson", Qt.MatchFlag.MatchExactly)[0]
    )
    entry.pin_edit.setText(BENGT_PIN)
    lock.lock_dialog.unlock_button.click()  # type: ignore[union-attr]
    wait_for_all()
    assert not dialog.isVisible(), "another person does not finish someone else's form"
    assert dialog.result() == QDialog.DialogCode.Rejected


# --- Inställningar → Handledare ----------------------------------------------------------


@pytest.fixture
def admin_widget(
    qtbot: QtBot, app: App, admin: SupervisorInfo, bengt: SupervisorInfo, boxes: Boxes
) -> SupervisorAdminWidget:
    widget = SupervisorAdminWidget(app, admin)
    qtbot.addWidget(widget)
    return widget


def select_row(widget: SupervisorAdminWidget, name: str) -> None:
    for row in range(widget.model.rowCount()):
        if widget.model.row_record(row).name == name:
            widget.table.selectRow(row)
            return
    raise KeyError(name)


def test_admin_adds_a_supervisor(
    admin_widget: SupervisorAdminWidget, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: SupervisorDialog) -> int:
        dialog.name_edit.setText("Karin Sandberg")
        dialog.role_checks[Role.QUALITY_ASSURER].setChecked(True)
        assert dialog.pin_edit is not None and dialog.pin2_edit is not None
        dialog.pin_edit.setText("2468")
        dialog.pin2_edit.setText("2469")
        dialog.save_button.click()
        assert "inte likadana" in dialog.error_label.text()
        dialog.pin2_edit.setText("2468")
        dialog.save_button.click()
        return int(dialog.result())

    monkeypatch.setattr(SupervisorDialog, "exec", fill)
    admin_widget.add_button.click()
    karin = next(s for s in app.supervisors.list() if s.name == "Karin Sandberg")
    assert karin.roles == {Role.SUPERVISOR, Role.QUALITY_ASSURER}
    assert app.supervisors.login(karin.id, "2468") == karin
    assert admin_widget.model.rowCount() == 3


def test_admin_changes_roles_deactivates_and_resets_pin(
    admin_widget: SupervisorAdminWidget,
    app: App,
    bengt: SupervisorInfo,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rename(dialog: SupervisorDialog) -> int:
        dialog.name_edit.setText("Bengt K. Karlsson")
        dialog.role_checks[Role.ADMIN].setChecked(True)
        dialog.save_button.click()
        return int(dialog.result())

    monkeypatch.setattr(SupervisorDialog, "exec", rename)
    select_row(admin_widget, "Bengt Karlsson")
    admin_widget.edit_button.click()
    assert app.supervisors.get(bengt.id).name == "Bengt K. Karlsson"
    assert app.supervisors.get(bengt.id).is_admin

    select_row(admin_widget, "Bengt K. Karlsson")
    boxes.question_answer = QMessageBox.StandardButton.Yes
    admin_widget.active_button.click()
    assert not app.supervisors.get(bengt.id).active
    assert "inaktivera" in boxes.texts("question")[0]
    assert admin_widget.model.rowCount() == 2, "still listed, never deleted"
    assert "Aktivera" in admin_widget.active_button.text()

    def new_pin(dialog: PinResetDialog) -> int:
        dialog.pin_edit.setText("8642")
        dialog.pin2_edit.setText("8642")
        dialog.buttons.accepted.emit()
        return int(dialog.result())

    monkeypatch.setattr(PinResetDialog, "exec", new_pin)
    admin_widget.active_button.click()  # active again
    admin_widget.pin_button.click()
    assert app.supervisors.login(bengt.id, "8642").id == bengt.id


def test_the_last_admin_cannot_be_deactivated(
    admin_widget: SupervisorAdminWidget, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    select_row(admin_widget, "Åsa Öberg")
    boxes.question_answer = QMessageBox.StandardButton.Yes
    admin_widget.active_button.click()
    assert "minst en aktiv administratör" in boxes.texts("warning")[0]
    assert app.supervisors.get(admin.id).active


def test_admin_sets_the_lock_time(
    admin_widget: SupervisorAdminWidget, app: App, boxes: Boxes
) -> None:
    admin_widget.idle_spin.setValue(25)
    admin_widget.idle_save.click()
    assert app.setup.workplace().idle_lock_minutes == 25
    assert "25 minuter" in boxes.texts("information")[0]


def test_non_admin_sees_but_cannot_change(
    qtbot: QtBot, app: App, bengt: SupervisorInfo, boxes: Boxes
) -> None:
    widget = SupervisorAdminWidget(app, bengt)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.model.rowCount() == 2
    assert widget.admin_only_label.isVisible()
    select_row(widget, "Åsa Öberg")
    for button in (widget.add_button, widget.edit_button, widget.active_button, widget.pin_button):
        assert not button.isEnabled()
    assert not widget.idle_save.isEnabled()
