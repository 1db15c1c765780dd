"""Deltagare: search as you type, filters, empty states, Ny deltagare, opening a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementOutcome, PlacementType, Referrer, Role
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.new_participant_dialog import NewParticipantDialog
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.participant_list_model import NAME
from tests.helpers import new_participant

from .conftest import Boxes


@pytest.fixture
def page(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> Iterator[ParticipantsPageWidget]:
    widget = ParticipantsPageWidget(app, admin)
    widget.search_delay_ms = 0
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not widget.loading)
    wait_for_all()  # an opened participant's overview may still be loading


def load(qtbot: QtBot, page: ParticipantsPageWidget) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()


def shown(page: ParticipantsPageWidget) -> list[str]:
    return [page.proxy.index(r, NAME).data() for r in range(page.proxy.rowCount())]


def test_empty_state_says_what_to_do(qtbot: QtBot, page: ParticipantsPageWidget) -> None:
    load(qtbot, page)
    assert page.content.currentWidget() is page.empty_state
    assert "Ny deltagare" in page.empty_text.text()
    assert page.empty_new_button.isEnabled()


def test_search_as_you_type_and_filters(
    qtbot: QtBot, page: ParticipantsPageWidget, app: App, admin: SupervisorInfo
) -> None:
    other = app.supervisors.add(admin.id, "Bengt Karlsson", "5937", {Role.SUPERVISOR})
    new_participant(app, admin.id, "Märta", responsible_id=admin.id)
    mats = new_participant(app, admin.id, "Mats", responsible_id=other.id)
    new_participant(app, admin.id, "Nora", responsible_id=other.id)
    ended = new_participant(app, admin.id, "Olle")
    app.participants.close(admin.id, ended.id, dt.date(2026, 10, 1), PlacementOutcome.STUDIES)
    app.journey.enroll(admin.id, mats.id, app.catalogue.modules("butik")[0].code)
    load(qtbot, page)
    assert shown(page) == ["Mats Testsson", "Märta Testsson", "Nora Testsson"]
    assert page.count_label.text() == "3 av 4 deltagare visas."

    qtbot.keyClicks(page.search_edit, "RTA")
    qtbot.waitUntil(lambda: shown(page) == ["Märta Testsson"])
    page.search_edit.clear()
    qtbot.waitUntil(lambda: len(shown(page)) == 3)

    page.mine_check.setChecked(True)
    assert shown(page) == ["Märta Testsson"]
    page.mine_check.setChecked(False)
    page.area_combo.setCurrentIndex(page.area_combo.findText("Butik"))
    assert shown(page) == ["Mats Testsson"]
    page.area_combo.setCurrentIndex(0)
    page.status_combo.setCurrentIndex(page.status_combo.findData("ended"))
    assert shown(page) == ["Olle Testsson"]
    page.status_combo.setCurrentIndex(page.status_combo.findData("all"))
    assert len(shown(page)) == 4

    qtbot.keyClicks(page.search_edit, "zzz")
    qtbot.waitUntil(lambda: page.content.currentWidget() is page.no_match)
    page.clear_button.click()
    assert page.search_edit.text() == ""
    assert page.content.currentWidget() is page.table
    assert len(shown(page)) == 4


def test_sorting_by_clicking_a_heading(
    qtbot: QtBot, page: ParticipantsPageWidget, app: App, admin: SupervisorInfo
) -> None:
    new_participant(app, admin.id, "Anna", start_date=dt.date(2026, 5, 1))
    new_participant(app, admin.id, "Berit", start_date=dt.date(2026, 1, 1))
    load(qtbot, page)
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert shown(page) == ["Berit Testsson", "Anna Testsson"]


def test_enter_opens_the_participant_and_back_returns(
    qtbot: QtBot, page: ParticipantsPageWidget, app: App, admin: SupervisorInfo
) -> None:
    p = new_participant(app, admin.id, "Märta")
    load(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    opened = page.participant_page
    assert opened is not None and opened.participant_id == p.id
    assert page.outer.currentWidget() is opened
    assert opened.name_label.text() == "Märta Testsson"
    with qtbot.waitSignal(page.loaded):
        opened.back_button.click()
    assert page.participant_page is None
    assert page.outer.currentWidget() is page.list_view
    assert page.current_participant_id() == p.id, "the same row is selected again"


def test_new_participant_dialog_creates_and_opens(
    qtbot: QtBot,
    page: ParticipantsPageWidget,
    app: App,
    admin: SupervisorInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load(qtbot, page)

    def fill_and_save(dialog: NewParticipantDialog) -> int:
        dialog.first_name_edit.setText("Märta")
        dialog.last_name_edit.setText("Ekström")
        dialog.placement_combo.setCurrentIndex(
            dialog.placement_combo.findData(PlacementType.INTERNSHIP.value)
        )
        dialog.referrer_combo.setCurrentIndex(dialog.referrer_combo.findData(Referrer.REGION.value))
        dialog.consent_check.setChecked(True)
        dialog.save_button.click()
        return int(dialog.result())

    monkeypatch.setattr(NewParticipantDialog, "exec", fill_and_save)
    with qtbot.waitSignal(page.loaded):
        page.new_button.click()
    rows = app.participants.list()
    assert [r.name for r in rows] == ["Märta Ekström"]
    detail = app.participants.get(rows[0].id)
    assert detail.photo_consent
    assert detail.responsible_id == admin.id
    assert detail.current_placement is not None
    assert detail.current_placement.type is PlacementType.INTERNSHIP
    assert page.participant_page is not None
    assert page.participant_page.participant_id == rows[0].id
    assert shown(page) == ["Märta Ekström"]


def test_new_participant_errors_inline_and_nothing_saved(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.save_button.click()
    assert "förnamn" in dialog.error_label.text().casefold()
    dialog.first_name_edit.setText("Märta")
    dialog.planned_end.check.setChecked(True)
    dialog.planned_end.edit.setDate(dialog.start_edit.date().addDays(-1))
    dialog.save_button.click()
    assert "Planerat slutdatum" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert app.participants.list() == []
    assert dialog.personnummer_edit is None, "off unless the workplace turned it on"


def test_cancel_asks_before_throwing_away_typed_text(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.cancel_button.click()  # nothing typed: closes without asking
    assert not dialog.isVisible() and boxes.shown == []

    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_name_edit, "Marta")
    boxes.question_answer = QMessageBox.StandardButton.No
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible(), "kept open: the user said no"
    assert len(boxes.texts("question")) == 1
    boxes.question_answer = QMessageBox.StandardButton.Yes
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_enter_in_a_field_moves_on_and_saves_only_on_spara(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    """Enter after the first name must not register the participant with the preset
    Insats and Remitterande; it moves to the next field, also from a date field."""
    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.first_name_edit.setFocus()
    dialog.first_name_edit.setText("Märta")
    qtbot.keyClick(dialog.first_name_edit, Qt.Key.Key_Return)
    assert app.participants.list() == []
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.last_name_edit
    dialog.start_edit.setFocus()
    qtbot.keyClick(dialog.start_edit, Qt.Key.Key_Enter)
    assert app.participants.list() == []
    dialog.save_button.setFocus()
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    assert [p.name for p in app.participants.list()] == ["Märta"]


def test_the_same_name_again_asks_first_and_keeps_what_was_typed(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    """A returning participant should get a new placement, not a second record: Ny
    deltagare asks (default No) when the name is already registered."""
    new_participant(app, admin.id, "Märta", last_name="Ekström")
    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    dialog.first_name_edit.setText(" märta ")
    dialog.last_name_edit.setText("EKSTRÖM")
    dialog.save_button.click()
    [question] = boxes.texts("question")
    assert "Det finns redan en deltagare som heter Märta Ekström" in question
    assert "starta en ny placering" in question
    assert len(app.participants.list()) == 1
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.first_name_edit.text() == " märta "
    boxes.question_answer = QMessageBox.StandardButton.Yes
    dialog.save_button.click()
    assert len(app.participants.list()) == 2


def test_personnummer_field_only_when_enabled(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    app.setup.update_workplace(admin.id, personnummer_enabled=True)
    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    assert dialog.personnummer_edit is not None


def test_quality_assurer_cannot_add(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    ik = app.supervisors.add(admin.id, "Ida Kvist", "5937", {Role.QUALITY_ASSURER})
    widget = ParticipantsPageWidget(app, ik)
    qtbot.addWidget(widget)
    load(qtbot, widget)
    assert not widget.new_button.isEnabled()
