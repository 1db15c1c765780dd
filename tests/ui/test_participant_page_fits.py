"""At 150 % font on a 768-pixel laptop the participant page's Bedömning tab needed more
height than the screen has and pushed the window's bottom (judge buttons, status bar)
off the screen: the tabs now scroll inside a window that fits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from tests.signing_helpers import ready_module

from .conftest import Boxes
from .large_font import larger_font

SCREEN_HEIGHT = 690  # 768 less a title bar and a task bar


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    with larger_font(qapp):
        yield


def test_bedomning_at_150_percent_fits_the_screen_height(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    large_font: None,
) -> None:
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
    qtbot.wait(1)
    assert window.minimumSizeHint().height() <= SCREEN_HEIGHT
    assert window.height() <= SCREEN_HEIGHT
    tab = page.assessment_tab
    page.tabs_scroll.ensureWidgetVisible(tab.judge_buttons[next(iter(tab.judge_buttons))])
    button = next(iter(tab.judge_buttons.values()))
    top_left = button.mapTo(page.tabs_scroll.viewport(), button.rect().topLeft())
    assert page.tabs_scroll.viewport().rect().contains(top_left), "reachable by scrolling"


def test_a_wide_hidden_page_does_not_widen_the_shown_one(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, large_font: None
) -> None:
    """An administrator's Statistik row was wider than the screen at 150 % font; it used
    to make every page (Deltagare too) wider than the screen. Statistik's row now wraps,
    so a page is made too wide here with a wide button."""
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.page_widgets[-1].page_layout.addWidget(QPushButton("Bred knapp " * 30))
    window.resize(1366, SCREEN_HEIGHT)
    window.show()
    people = window.page_widgets[0]
    assert isinstance(people, ParticipantsPageWidget)
    qtbot.waitUntil(lambda: not people.loading)
    widest = max(p.minimumSizeHint().width() for p in window.page_widgets)
    nav = window.nav.width()
    assert nav + widest > 1366, "the situation of the test: some page is too wide"
    assert window.minimumSizeHint().width() <= 1366
    assert window.width() <= 1366
    wide = max(
        range(len(window.page_widgets)),
        key=lambda i: window.page_widgets[i].minimumSizeHint().width(),
    )
    window.nav.setCurrentRow(wide)
    window.nav.setCurrentRow(0)
    qtbot.wait(1)  # the layout settles on the next event-loop turn
    assert window.minimumSizeHint().width() <= 1366, "back on Deltagare it fits again"
