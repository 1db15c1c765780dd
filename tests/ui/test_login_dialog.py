"""Logging in: pick your name, type your PIN."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.login_dialog import NO_NAME_CHOSEN, LoginDialog
from handledare_app.ui.tasks import wait_for_all
from tests.conftest import ADMIN_PIN

from .conftest import Boxes


@pytest.fixture
def dialog(qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes) -> LoginDialog:
    app.supervisors.add(admin.id, "Bengt Karlsson", "5937", {Role.SUPERVISOR})
    dlg = LoginDialog(app)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def select(dialog: LoginDialog, name: str) -> None:
    items = dialog.name_list.findItems(name, Qt.MatchFlag.MatchExactly)
    assert len(items) == 1
    dialog.name_list.setCurrentItem(items[0])


def test_lists_the_active_supervisors(dialog: LoginDialog) -> None:
    names = [dialog.name_list.item(i).text() for i in range(dialog.name_list.count())]
    assert names == ["Bengt Karlsson", "Åsa Öberg"]
    assert "Framstegs Secondhand" in [label.text() for label in dialog.findChildren(QLabel)]


def test_wrong_pin_shows_the_error_inline_and_clears_the_field(
    qtbot: QtBot, dialog: LoginDialog, boxes: Boxes
) -> None:
    select(dialog, "Åsa Öberg")
    qtbot.keyClicks(dialog.pin_edit, "1111")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    wait_for_all()  # the PIN check's answer comes back as a callback

    assert dialog.error_label.text() == "Fel PIN-kod. Försök igen."
    assert not dialog.error_label.isHidden()
    assert dialog.pin_edit.text() == ""
    assert dialog.isVisible()
    assert dialog.supervisor is None
    assert boxes.shown == [], "inline, not in a message box"


def test_right_pin_returns_the_supervisor(
    qtbot: QtBot, dialog: LoginDialog, admin: SupervisorInfo
) -> None:
    select(dialog, "Åsa Öberg")
    qtbot.keyClicks(dialog.pin_edit, "1111")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for_all()
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.pin_edit, ADMIN_PIN)
    assert dialog.error_label.isHidden(), "typing again clears the old message"
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for_all()

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.supervisor == admin


def test_no_name_chosen_says_so(qtbot: QtBot, dialog: LoginDialog) -> None:
    qtbot.keyClicks(dialog.pin_edit, ADMIN_PIN)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == NO_NAME_CHOSEN
    assert dialog.supervisor is None


def test_single_supervisor_is_preselected(qtbot: QtBot, app: App, boxes: Boxes) -> None:
    dlg = LoginDialog(app)
    qtbot.addWidget(dlg)
    assert dlg.selected_id() == app.supervisors.list()[0].id


def test_empty_pin_gets_the_service_message(qtbot: QtBot, dialog: LoginDialog) -> None:
    select(dialog, "Bengt Karlsson")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    wait_for_all()
    assert dialog.error_label.text() == "Ange din PIN-kod."
