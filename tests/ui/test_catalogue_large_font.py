"""Kriteriebank at 150 % font on a 1366-pixel laptop: the Modul column got so narrow
that a long word of a module name was cut ("Kundbemöta…"). Every word now fits the
column, the name wraps at spaces and its row is tall enough for all of it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages.catalogue import CataloguePageWidget
from handledare_app.ui.pages.catalogue_columns import NAME_COLUMN, text_margin

from .conftest import Boxes
from .large_font import PAGE_HEIGHT, PAGE_WIDTH, larger_font


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    with larger_font(qapp):
        yield


def names_that_do_not_fit(page: CataloguePageWidget) -> list[str]:
    table = page.module_table
    model = table.model()
    metrics = table.fontMetrics()
    room = table.columnWidth(NAME_COLUMN) - text_margin(table)
    bad = []
    for row in range(model.rowCount()):
        name = str(model.index(row, NAME_COLUMN).data())
        if any(metrics.horizontalAdvance(word) > room for word in name.split()):
            bad.append(f"{name}: a word is wider than the column")
        wrapped = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, name)
        if table.rowHeight(row) < wrapped.height():
            bad.append(f"{name}: the row is lower than the wrapped name")
    return bad


def test_module_names_are_whole_at_150_percent(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, large_font: None
) -> None:
    page = CataloguePageWidget(app, admin)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, PAGE_HEIGHT)
    page.show()
    qtbot.waitExposed(page)
    assert page.minimumSizeHint().width() <= PAGE_WIDTH
    assert page.area_list.count() > 1
    checked = 0
    for row in range(page.area_list.count()):
        page.area_list.setCurrentRow(row)
        qtbot.wait(1)  # the rows are measured on the next event-loop turn
        assert names_that_do_not_fit(page) == []
        checked += page.module_model.rowCount()
        module = page.current_module()
        assert module is not None and module.title in page.detail.toPlainText()
    assert checked > 10


def test_normal_font_is_not_narrowed(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    page = CataloguePageWidget(app, admin)
    qtbot.addWidget(page)
    page.resize(1166, 690)
    page.show()
    qtbot.waitExposed(page)
    assert names_that_do_not_fit(page) == []
    assert page.minimumSizeHint().width() <= 800
