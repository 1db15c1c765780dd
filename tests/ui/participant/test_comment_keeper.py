"""Bedömning: a comment typed for one criterion and not yet given with a judgement is not
lost silently when another criterion is chosen: Ja saves it (judgement unchanged), Nej
lets it go; judging as usual saves it without a question."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import AssessmentStatus
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.assessment_tab import AssessmentTab

from ..conftest import Boxes
from .conftest import Plan

TYPED = "Behöver påminnas om handskar"


@pytest.fixture
def tab(qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, boxes: Boxes) -> AssessmentTab:
    app.assessment.judge(
        admin.id, plan.but, plan.but_module.criteria[0].id, AssessmentStatus.IN_PROGRESS, "Övar"
    )
    widget = AssessmentTab(app, admin, plan.participant.id)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _comment(app: App, plan: Plan, index: int) -> str:
    info = app.assessment.enrollment(plan.but).assessments.get(plan.but_module.criteria[index].id)
    return info.comment if info else ""


def test_yes_saves_the_comment_and_keeps_the_judgement(
    tab: AssessmentTab, app: App, plan: Plan, boxes: Boxes
) -> None:
    first, second = plan.but_module.criteria[:2]
    tab.select_criterion(plan.but, first.id)
    assert tab.comment_edit.text() == "Övar"
    tab.comment_edit.setText(TYPED)
    boxes.question_answer = QMessageBox.StandardButton.Yes
    tab.select_criterion(plan.but, second.id)
    asked = boxes.texts("question")
    assert len(asked) == 1 and f"{plan.but_module.code} {first.number}" in asked[0]
    assert _comment(app, plan, 0) == TYPED
    info = app.assessment.enrollment(plan.but).assessments[first.id]
    assert info.status is AssessmentStatus.IN_PROGRESS, "the judgement is unchanged"
    assert tab.comment_edit.text() == ""  # the second criterion's own (empty) comment


def test_no_lets_it_go_and_nothing_is_saved(
    tab: AssessmentTab, app: App, plan: Plan, boxes: Boxes
) -> None:
    first, second = plan.but_module.criteria[:2]
    tab.select_criterion(plan.but, first.id)
    tab.comment_edit.setText(TYPED)
    boxes.question_answer = QMessageBox.StandardButton.No
    tab.select_criterion(plan.but, second.id)
    assert len(boxes.texts("question")) == 1
    assert _comment(app, plan, 0) == "Övar"


def test_judging_saves_without_a_question_and_unchanged_text_asks_nothing(
    tab: AssessmentTab, app: App, plan: Plan, boxes: Boxes
) -> None:
    first, second, third = plan.but_module.criteria[:3]
    tab.select_criterion(plan.but, first.id)
    tab.select_criterion(plan.but, second.id)  # nothing typed
    tab.comment_edit.setText(TYPED)
    assert tab.judge_current(AssessmentStatus.IN_PROGRESS)  # moves on to the next one
    tab.select_criterion(plan.but, third.id)
    assert boxes.texts("question") == []
    assert _comment(app, plan, 1) == TYPED


def test_back_on_the_criterion_the_saved_comment_shows_and_nothing_is_asked(
    tab: AssessmentTab, app: App, plan: Plan, boxes: Boxes
) -> None:
    """The tab's own model follows the save: going back shows the saved text (not the old
    one, which looked as if the comment was lost) and leaving again asks nothing."""
    first, second = plan.but_module.criteria[:2]
    tab.select_criterion(plan.but, first.id)
    tab.comment_edit.setText(TYPED)
    boxes.question_answer = QMessageBox.StandardButton.Yes
    tab.select_criterion(plan.but, second.id)
    tab.select_criterion(plan.but, first.id)
    assert tab.comment_edit.text() == TYPED
    tab.select_criterion(plan.but, second.id)
    assert len(boxes.texts("question")) == 1
