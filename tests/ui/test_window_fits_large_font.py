"""The main window at 150 % font fits a 1366×768 laptop with a title bar and a task bar
(1366×690): Utbyte and a participant page with several modules in Bedömning used to
demand more (the Skicka tab's height, six buttons in one row, three module rows)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handledare_app.services.app import App
from handledare_app.services.demo import DEMO_PIN, create_demo
from handledare_app.ui import screenshots as sh
from handledare_app.ui.main_window import NAV_TITLES, MainWindow
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.participant.page import TAB_TITLES
from handledare_app.ui.tasks import wait_for_all

from .conftest import Boxes

SCREEN_W, SCREEN_H = 1366, 690


@pytest.fixture
def large_font() -> Iterator[None]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    old = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    qapp.setFont(font)
    yield
    qapp.setFont(old)


def test_every_page_and_the_participant_page_fit_at_150_percent(
    qtbot: QtBot, empty_app: App, boxes: Boxes, large_font: None
) -> None:
    create_demo(empty_app, participants=4)
    admin = next(s.id for s in empty_app.supervisors.list() if s.is_admin)
    user = empty_app.supervisors.login(admin, DEMO_PIN)
    window = MainWindow(empty_app, user)
    qtbot.addWidget(window)
    window.show()
    for row in range(len(NAV_TITLES)):
        window.nav.setCurrentRow(row)
        wait_for_all()
    participants = next(p for p in window.page_widgets if isinstance(p, ParticipantsPageWidget))
    window.nav.setCurrentRow(0)
    page = participants.open_participant(sh.pick_participant(empty_app))
    assert page is not None
    for title in TAB_TITLES:
        page.show_tab(title)
        wait_for_all()
    need = window.minimumSizeHint()
    assert need.width() <= SCREEN_W and need.height() <= SCREEN_H, (need.width(), need.height())
