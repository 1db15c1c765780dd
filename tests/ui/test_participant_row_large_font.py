"""The participant list's top row at 150 % font on a 1366-pixel laptop: the search field
keeps room to type a name (it was squeezed to "Sök p…"); the area list gives way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages.participants import ParticipantsPageWidget

from .conftest import Boxes
from .large_font import PAGE_WIDTH, larger_font


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    with larger_font(qapp):
        yield


def test_search_field_keeps_its_room_at_150_percent(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, large_font: None
) -> None:
    page = ParticipantsPageWidget(app, admin)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, 600)
    page.show()
    qtbot.waitExposed(page)
    chars = page.search_edit.fontMetrics().averageCharWidth()
    assert page.search_edit.width() >= chars * 18, "room to type a name"
    right = page.new_button.mapTo(page, page.new_button.rect().topRight()).x()
    assert right <= page.width(), "Ny deltagare is not pushed off the page"
    qtbot.waitUntil(lambda: not page.loading)
