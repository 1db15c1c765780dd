"""Esc empties a search field (participant list; the criteria search of the evidence
dialog) instead of doing nothing or closing the whole dialog; an empty field lets Esc
through as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.escape_clears import escape_clears
from handledare_app.ui.pages.participants import ParticipantsPageWidget

from .conftest import Boxes


def test_escape_empties_the_participant_search(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    page = ParticipantsPageWidget(app, admin)
    page.search_delay_ms = 0
    qtbot.addWidget(page)
    page.show()
    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, "xyz")
    assert page.search_edit.text() == "xyz"
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Escape)
    assert page.search_edit.text() == ""
    qtbot.waitUntil(lambda: not page.loading)


def test_in_a_dialog_the_first_escape_empties_the_second_closes(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    escape_clears(edit)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit.setFocus()
    qtbot.keyClicks(edit, "1.2")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "" and dialog.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
