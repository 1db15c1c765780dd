"""Nothing typed is lost by accident (issue 13): leaving the participant page, switching
participant, another page, closing the window, and the idle lock's hand-over."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.discard_guard import unsaved_tabs_text
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from tests.helpers import new_participant

from .conftest import Boxes

GOALS = "Lära sig kassan och prismärkning"


@pytest.fixture
def page(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> Iterator[ParticipantsPageWidget]:
    widget = ParticipantsPageWidget(app, admin)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    wait_for_all()


def _type_goals(widget: ParticipantsPageWidget, participant_id: str) -> None:
    opened = widget.open_participant(participant_id)
    assert opened is not None
    tab = opened.show_tab("Arbetsplan")
    assert tab is opened.work_plan_tab
    opened.work_plan_tab.goals_edit.setPlainText(GOALS)
    assert opened.unsaved_tabs() == ["Arbetsplan"]


def test_back_and_switching_participant_ask_first(
    page: ParticipantsPageWidget,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
) -> None:
    other = new_participant(app, admin.id, "Bengt")
    _type_goals(page, participant.id)
    opened = page.participant_page
    assert opened is not None
    boxes.question_answer = QMessageBox.StandardButton.No
    opened.back_button.click()
    assert page.participant_page is opened, "kept to save the text"
    assert opened.work_plan_tab.goals_edit.toPlainText() == GOALS
    assert page.open_participant(other.id) is None
    assert page.participant_page is opened
    assert boxes.texts("question") == [unsaved_tabs_text(["Arbetsplan"])] * 2
    boxes.question_answer = QMessageBox.StandardButton.Yes
    switched = page.open_participant(other.id)
    assert switched is not None and switched.participant_id == other.id
    # Nothing typed: no question.
    switched.back_button.click()
    assert page.participant_page is None and len(boxes.texts("question")) == 3


def test_an_unjudged_comment_and_an_unsaved_reason_count_as_typed_text(
    page: ParticipantsPageWidget, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    app.journey.enroll(admin.id, participant.id, "BUT-01")
    opened = page.open_participant(participant.id)
    assert opened is not None
    module = app.assessment.participant_progress(participant.id)[0]
    opened.show_tab("Bedömning")
    opened.assessment_tab.select_criterion(module.enrollment_id, module.module.criteria[0].id)
    opened.assessment_tab.comment_edit.setText("Räknar växel")
    opened.show_tab("Introduktion")
    opened.introduction_tab.reason_edit.setText("Gjort förut")
    assert opened.unsaved_tabs() == ["Introduktion", "Bedömning"]
    assert "flikarna Introduktion och Bedömning" in unsaved_tabs_text(opened.unsaved_tabs())


def test_closing_the_window_asks_and_the_hand_over_keeps_the_text(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    from handledare_app.ui.main_window import MainWindow

    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.show()
    people = window.page_widgets[0]
    assert isinstance(people, ParticipantsPageWidget)
    _type_goals(people, participant.id)
    boxes.question_answer = QMessageBox.StandardButton.No
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted()
    # Another page in the navigation: asks, and stays when the answer is no.
    window.nav.setCurrentRow(1)
    assert window.pages.currentWidget() is people and window.nav.currentRow() == 0
    assert len(boxes.texts("question")) == 2
    # The idle lock hands the window to another supervisor: the text is still there.
    bengt = app.supervisors.add(admin.id, "Bengt Karlsson", "5937", {Role.SUPERVISOR})
    people.set_user(bengt)
    reopened = people.participant_page
    assert reopened is not None and reopened.user.id == bengt.id
    assert reopened.work_plan_tab.goals_edit.toPlainText() == GOALS
    boxes.question_answer = QMessageBox.StandardButton.Yes
    wait_for_all()


def test_lock_now_and_log_out_in_the_arkiv_menu(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    from handledare_app.ui.main_window import MainWindow

    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.show()
    arkiv = window.menuBar().actions()[0].menu()
    assert arkiv is not None
    texts = [a.text() for a in arkiv.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Lås nu", "Logga &ut"]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert window.idle_lock.locked
    assert window.idle_lock.lock_dialog is not None
    window.idle_lock.unlock(admin)
    people = window.page_widgets[0]
    assert isinstance(people, ParticipantsPageWidget)
    _type_goals(people, participant.id)
    boxes.question_answer = QMessageBox.StandardButton.No
    assert window.log_out() is False and not window.idle_lock.locked
    boxes.question_answer = QMessageBox.StandardButton.Yes
    assert window.log_out() is True and window.idle_lock.locked
    assert people.participant_page is None
    window.idle_lock.unlock(admin)
    wait_for_all()


def test_login_dialog_says_what_to_do_about_a_forgotten_pin(qtbot: QtBot, app: App) -> None:
    from handledare_app.ui.login_dialog import LoginDialog

    dialog = LoginDialog(app)
    qtbot.addWidget(dialog)
    assert "Glömt PIN-koden?" in dialog.forgot_label.text()
    assert "administratör" in dialog.forgot_label.text()
