"""Every interactive control has a Swedish accessible name; texts contain no English leftovers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.setup_wizard import SetupWizard

from .conftest import Boxes

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QCheckBox, QListWidget)


def unnamed(root: QWidget) -> list[str]:
    found = []
    for cls in INTERACTIVE:
        for widget in root.findChildren(cls):
            if not widget.accessibleName().strip():
                found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_wizard_controls_are_named(qtbot: QtBot, empty_app: App, boxes: Boxes) -> None:
    wizard = SetupWizard(empty_app)
    qtbot.addWidget(wizard)
    wizard.show()
    for _ in range(len(wizard.pageIds()) - 1):  # visit every page (buttons appear lazily)
        wizard.admin_page.name_edit.setText("Åsa Öberg")
        wizard.admin_page.pin_edit.setText("4821")
        wizard.admin_page.pin2_edit.setText("4821")
        wizard.workplace_page.name_edit.setText("Framstegs")
        wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    assert len(wizard.findChildren(QLineEdit)) >= 4
    assert unnamed(wizard) == []


def test_main_window_controls_are_named(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
    assert len(window.findChildren(QListWidget)) >= 2
    assert unnamed(window) == []


def test_login_dialog_controls_are_named(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    dialog = LoginDialog(app)
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []


@pytest.mark.parametrize("word", ["Next", "Back", "Cancel", "Finish", "Login", "Settings"])
def test_no_english_button_texts(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, word: str
) -> None:
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    dialog = LoginDialog(app)
    qtbot.addWidget(dialog)
    for root in (window, dialog):
        for button in root.findChildren(QAbstractButton):
            assert word.casefold() not in button.text().casefold()
