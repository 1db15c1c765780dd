"""Bedömning at 150 % font on a 1366×768 laptop: the module strip, the comment row,
the judge buttons and the keys hint left the criterion tree about two rows. Now the
tree keeps at least four rows and the strip shows one module, the comment and the
buttons share a row, and the chosen criterion's text shows in full above them; the
judge buttons are on the screen without scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.participant.assessment_tab import AssessmentTab
from tests.signing_helpers import ready_module

from .conftest import Boxes
from .large_font import larger_font

SCREEN_HEIGHT = 690  # 768 less a title bar and a task bar


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    with larger_font(qapp):
        yield


def _open_assessment(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> tuple[MainWindow, QWidget, AssessmentTab]:
    for index in range(3):
        ready_module(app, admin.id, participant.id, index=index)
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.resize(1366, SCREEN_HEIGHT)
    window.show()
    people = window.page_widgets[0]
    assert isinstance(people, ParticipantsPageWidget)
    qtbot.waitUntil(lambda: not people.loading)
    page = people.open_participant(participant.id)
    assert page is not None
    page.tabs.setCurrentWidget(page.assessment_tab)
    tab = page.assessment_tab
    first = tab.model.progress()[0]
    tab.select_criterion(first.enrollment_id, first.module.criteria[0].id)
    qtbot.wait(1)  # the layout settles on the next event-loop turn
    return window, page.tabs_scroll.viewport(), tab


def _rows_shown(tab: AssessmentTab) -> float:
    first = tab.model.index(0, 0)
    row = tab.tree.visualRect(first).height()
    return tab.tree.viewport().height() / max(row, 1)


def test_tree_keeps_its_rows_at_150_percent(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    large_font: None,
) -> None:
    window, viewport, tab = _open_assessment(qtbot, app, admin, participant)
    assert window.height() <= SCREEN_HEIGHT
    assert _rows_shown(tab) >= 4, "the tree shows at least four rows"
    assert tab.modules_box.scroll_area.height() < 2 * tab.module_rows[0].sign_button.height()
    for button in [*tab.judge_buttons.values(), tab.evidence_button]:
        top_left = button.mapTo(viewport, button.rect().topLeft())
        bottom_right = button.mapTo(viewport, button.rect().bottomRight())
        assert viewport.rect().contains(top_left), "on the screen without scrolling"
        assert viewport.rect().contains(bottom_right), "on the screen without scrolling"
        assert button.width() >= button.sizeHint().width(), "no text is cut"
    criterion = tab.model.progress()[0].module.criteria[0]
    label = tab.criterion_label
    assert criterion.text in label.text()
    assert label.height() >= label.heightForWidth(label.width()), "the whole text shows"


def test_normal_font_keeps_three_module_rows(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
) -> None:
    _window, viewport, tab = _open_assessment(qtbot, app, admin, participant)
    assert _rows_shown(tab) >= 10
    strip = tab.modules_box.scroll_area
    assert strip.height() >= 3 * tab.module_rows[0].sign_button.height()
    button = tab.evidence_button
    assert viewport.rect().contains(button.mapTo(viewport, button.rect().bottomRight()))
    assert tab.comment_edit.width() >= tab.comment_edit.fontMetrics().averageCharWidth() * 60
