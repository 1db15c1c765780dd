"""Ändra uppgifter: the personnummer field (only when the workplace has it turned on;
a refusal shows at the field and keeps the text), and the message for an end date
years ahead in Ändra uppgifter and under Avslut."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementOutcome
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.date_edit import to_qdate
from handledare_app.ui.participant.edit_dialog import EditParticipantDialog
from handledare_app.ui.participant.page import ParticipantPage

from .conftest import Boxes


def _dialog(qtbot: QtBot, app: App, admin: SupervisorInfo, pid: str) -> EditParticipantDialog:
    dialog = EditParticipantDialog(app, admin, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _names(dialog: EditParticipantDialog) -> set[str]:
    return {e.accessibleName() for e in dialog.findChildren(QLineEdit)}


def test_no_personnummer_field_when_it_is_off(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    # A number saved while it was on stays untouched, and nothing shows it.
    app.setup.update_workplace(admin.id, personnummer_enabled=True)
    app.participants.update(admin.id, participant.id, personnummer="19811218-9876")
    app.setup.update_workplace(admin.id, personnummer_enabled=False)
    dialog = _dialog(qtbot, app, admin, participant.id)
    assert dialog.personnummer_edit is None and "Personnummer" not in _names(dialog)
    assert "811218" not in " ".join(e.text() for e in dialog.findChildren(QLineEdit))
    dialog.phone_edit.setText("070-123 45 67")
    dialog.save_button.click()
    assert dialog.saved
    after = app.participants.get(participant.id)
    assert (after.phone, after.personnummer) == ("070-123 45 67", "19811218-9876")


def test_set_refuse_at_the_field_then_correct_and_remove(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    app.setup.update_workplace(admin.id, personnummer_enabled=True)
    dialog = _dialog(qtbot, app, admin, participant.id)
    edit = dialog.personnummer_edit
    assert edit is not None and edit.text() == "" and "Personnummer" in _names(dialog)
    dialog.first_name_edit.setText("Marta")
    edit.setText("19811218-9875")
    dialog.save_button.click()
    assert "kontrollsiffran är fel" in dialog.personnummer_error.text()
    assert dialog.personnummer_error.isVisible() and not dialog.error_label.isVisible()
    assert edit.text() == "19811218-9875" and dialog.result() == 0 and not dialog.saved
    after = app.participants.get(participant.id)
    assert (after.first_name, after.personnummer) == ("Märta", None)
    QTest.keyClicks(edit, "x")  # typing again takes the old message away
    assert not dialog.personnummer_error.isVisible()
    edit.setText("８１１２１８–９８７６")
    dialog.save_button.click()
    assert dialog.saved
    after = app.participants.get(participant.id)
    assert (after.first_name, after.personnummer) == ("Marta", "19811218-9876")

    dialog = _dialog(qtbot, app, admin, participant.id)
    assert dialog.personnummer_edit is not None
    assert dialog.personnummer_edit.text() == "19811218-9876"
    dialog.personnummer_edit.clear()  # emptying the field removes the number
    dialog.save_button.click()
    assert dialog.saved and app.participants.get(participant.id).personnummer is None


def test_a_duplicate_and_a_wrong_birth_year_are_said_at_the_field(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    app.setup.update_workplace(admin.id, personnummer_enabled=True)
    app.participants.create(
        admin.id,
        first_name="Nils",
        placement_type=participant.placements[0].type,
        referrer=participant.placements[0].referrer,
        start_date=dt.date(2026, 9, 1),
        personnummer="19811218-9876",
    )
    dialog = _dialog(qtbot, app, admin, participant.id)
    assert dialog.personnummer_edit is not None
    dialog.personnummer_edit.setText("811218-9876")
    dialog.save_button.click()
    assert "Nils har redan det personnumret" in dialog.personnummer_error.text()
    dialog.personnummer_edit.setText("19850412-1230")
    dialog.birth_year.setValue(1990)
    dialog.save_button.click()
    assert "Födelseåret 1990 stämmer inte" in dialog.personnummer_error.text()
    assert app.participants.get(participant.id).personnummer is None
    dialog.birth_year.setValue(1985)
    dialog.save_button.click()
    assert dialog.saved
    after = app.participants.get(participant.id)
    assert (after.personnummer, after.birth_year) == ("19850412-1230", 1985)


def test_a_planned_end_years_ahead_is_refused_in_the_dialog(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    dialog = _dialog(qtbot, app, admin, participant.id)
    dialog.planned_end.check.setChecked(True)
    dialog.planned_end.edit.setDate(to_qdate(dt.date(2036, 3, 1)))
    dialog.save_button.click()
    assert "mer än tre år efter startdatumet" in dialog.error_label.text()
    assert not dialog.saved
    placement = app.participants.get(participant.id).current_placement
    assert placement is not None and placement.planned_end_date is None


@pytest.fixture
def page(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> Iterator[ParticipantPage]:
    widget = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    wait_for_all()


def test_closing_years_ahead_is_said_before_the_question(
    page: ParticipantPage, app: App, participant: ParticipantDetail, boxes: Boxes
) -> None:
    page.show_tab("Avslut")
    tab = page.closure_tab
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData(PlacementOutcome.STUDIES.value))
    tab.end_date_edit.setDate(to_qdate(dt.date.today() + dt.timedelta(days=3650)))
    boxes.question_answer = QMessageBox.StandardButton.Yes
    tab.close_button.click()
    assert "mer än ett år fram i tiden" in tab.close_error.text()
    assert boxes.texts("question") == []
    placement = app.participants.get(participant.id).current_placement
    assert placement is not None and placement.end_date is None
