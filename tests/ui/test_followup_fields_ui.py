"""Ny deltagare asks gender, start status and lönebidrag; Avslut offers the FOLLOWUP.md
exit codes and the change of placement type; an end before the start is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import (
    Gender,
    PlacementOutcome,
    PlacementType,
    StartStatus,
)
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.new_participant_dialog import NewParticipantDialog
from handledare_app.ui.participant.closure_tab import ClosureTab

from .conftest import Boxes


def test_new_participant_stores_gender_status_and_wage_subsidy(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    dialog = NewParticipantDialog(app, admin)
    qtbot.addWidget(dialog)
    assert dialog.gender_combo.currentData() == Gender.NOT_STATED.value
    assert not dialog.wage_subsidy_check.isEnabled()  # arbetsträning first
    dialog.first_name_edit.setText("Maja")
    dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findData(Gender.WOMAN.value))
    dialog.placement_combo.setCurrentIndex(
        dialog.placement_combo.findData(PlacementType.EMPLOYMENT.value)
    )
    assert dialog.wage_subsidy_check.isEnabled()
    dialog.wage_subsidy_check.setChecked(True)
    dialog.start_status_combo.setCurrentIndex(
        dialog.start_status_combo.findData(StartStatus.JOB_SEEKING.value)
    )
    dialog.save_button.click()
    assert dialog.created is not None
    d = app.participants.get(dialog.created.id)
    assert d.gender is Gender.WOMAN
    placement = d.placements[0]
    assert placement.wage_subsidy and placement.start_status is StartStatus.JOB_SEEKING


@pytest.fixture
def tab(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> Iterator[ClosureTab]:
    widget = ClosureTab(app, admin, participant.id)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    widget.refresh()
    yield widget


def test_exit_codes_are_those_of_followup(tab: ClosureTab) -> None:
    codes = [tab.outcome_combo.itemData(i) for i in range(1, tab.outcome_combo.count())]
    assert codes == [o.value for o in PlacementOutcome]
    assert "sick_leave" not in codes and "Sjukskrivning" not in [
        tab.outcome_combo.itemText(i) for i in range(tab.outcome_combo.count())
    ]


def test_end_before_start_is_refused_in_avslut(
    tab: ClosureTab, app: App, participant: ParticipantDetail, boxes: Boxes
) -> None:
    start = participant.placements[0].start_date
    tab.end_date_edit.setDate(QDate(start.year, start.month, start.day).addDays(-1))
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData(PlacementOutcome.STUDIES.value))
    boxes.question_answer = QMessageBox.StandardButton.Yes
    tab.close_button.click()
    assert "före placeringens startdatum" in tab.close_error.text()
    assert app.participants.get(participant.id).placements[0].end_date is None


def test_type_change_from_avslut(
    tab: ClosureTab, app: App, participant: ParticipantDetail, boxes: Boxes
) -> None:
    box = tab.type_change_box
    assert box.isVisibleTo(tab)
    current = participant.placements[0].type
    offered = [box.type_combo.itemData(i) for i in range(box.type_combo.count())]
    assert current.value not in offered and offered[0] == PlacementType.EMPLOYMENT.value
    start = participant.placements[0].start_date + dt.timedelta(days=40)
    box.start_edit.setDate(QDate(start.year, start.month, start.day))
    box.wage_subsidy_check.setChecked(True)
    boxes.question_answer = QMessageBox.StandardButton.Yes  # "Byta till anställning …?"
    box.button.click()
    d = app.participants.get(participant.id)
    assert [p.type for p in d.placements] == [current, PlacementType.EMPLOYMENT]
    assert d.placements[0].outcome is PlacementOutcome.EMPLOYED_HERE
    assert d.placements[1].wage_subsidy
    assert "Anställning" in tab.history_label.text()
    # Same type again: refused in Swedish, nothing changed.
    box.set_current(d.placements[1])
    assert PlacementType.EMPLOYMENT.value not in [
        box.type_combo.itemData(i) for i in range(box.type_combo.count())
    ]


def test_type_change_asks_first_and_no_changes_nothing(
    tab: ClosureTab, app: App, participant: ParticipantDetail, boxes: Boxes
) -> None:
    """Found walking the GUI: one click ended the placement with no question."""
    box = tab.type_change_box
    current = participant.placements[0]
    start = current.start_date + dt.timedelta(days=40)
    box.start_edit.setDate(QDate(start.year, start.month, start.day))
    boxes.question_answer = QMessageBox.StandardButton.No
    box.button.click()
    question = boxes.texts("question")
    assert len(question) == 1
    ends = (start - dt.timedelta(days=1)).isoformat()
    assert f"Byta till anställning från {start.isoformat()}?" in question[0]
    assert f"{current.type.label.lower()} avslutas {ends}" in question[0]
    assert "anställd här" in question[0]
    assert [p.type for p in app.participants.get(participant.id).placements] == [current.type]
    assert box.button.text().endswith("…"), "the button says a question follows"
