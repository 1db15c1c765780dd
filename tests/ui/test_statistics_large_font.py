"""Statistik at 150 % font on a 1366-pixel laptop: the row of period, Visa, Exakta tal,
Exportera and Skicka was wider than the page and pushed Skicka off it; it now wraps.
The period reads in words ("2026, andra halvåret (juli–december)"), not as 2026H2,
while the file name keeps the code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import UserError
from handledare_app.domain.followup import half_year, parse_period, period
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages.period_chooser import PeriodChooser, period_in_words
from handledare_app.ui.pages.statistics import StatisticsPageWidget, ask_export_path

from .large_font import PAGE_HEIGHT, PAGE_WIDTH, larger_font


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[None]:
    with larger_font(qapp):
        yield


def _inside(widget: QWidget, page: QWidget) -> bool:
    rect = widget.rect()
    rect.moveTopLeft(widget.mapTo(page, rect.topLeft()))
    return page.rect().contains(rect)


def test_action_row_wraps_to_fit_the_page_at_150_percent(
    qtbot: QtBot, app: App, admin: SupervisorInfo, large_font: None
) -> None:
    page = StatisticsPageWidget(app, admin)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, PAGE_HEIGHT)
    page.show()
    qtbot.waitExposed(page)
    tab = page.company
    assert page.minimumSizeHint().width() <= PAGE_WIDTH
    assert page.width() <= PAGE_WIDTH
    for widget in (tab.chooser, tab.exact, tab.export_button, tab.send_button):
        assert _inside(widget, page), widget.accessibleName()
        assert widget.width() >= widget.sizeHint().width(), "no text is cut"
    assert tab.send_button.y() > tab.chooser.y(), "the row wrapped onto a second row"
    assert tab.panel.height() > PAGE_HEIGHT // 3, "the figures keep most of the page"


def test_one_row_at_normal_font(qtbot: QtBot, app: App, admin: SupervisorInfo) -> None:
    page = StatisticsPageWidget(app, admin)
    qtbot.addWidget(page)
    page.resize(1200, 690)
    page.show()
    qtbot.waitExposed(page)
    tab = page.company
    assert tab.send_button.y() == tab.export_button.y()
    assert abs(tab.send_button.geometry().center().y() - tab.chooser.geometry().center().y()) <= 2


def test_period_in_words() -> None:
    assert period_in_words(half_year(2026, 2)) == "2026, andra halvåret (juli–december)"
    assert period_in_words(half_year(2027, 1)) == "2027, första halvåret (januari–juni)"
    assert period_in_words(parse_period("2026")) == "2026, hela året"
    two = period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_in_words(two) == "2026-01-01 – 2026-03-31"


def test_chooser_shows_words_and_gives_the_code(qtbot: QtBot) -> None:
    chooser = PeriodChooser(dt.date(2027, 3, 14))
    qtbot.addWidget(chooser)
    assert chooser.combo.currentText() == "2027, första halvåret (januari–juni)"
    assert chooser.period() == half_year(2027, 1)
    chooser.combo.setCurrentIndex(1)
    assert chooser.combo.currentText() == "2026, andra halvåret (juli–december)"
    assert chooser.code() == "2026H2"
    chooser.combo.setEditText("2025H1")  # a code may still be typed
    assert chooser.period() == half_year(2025, 1)
    chooser.combo.setEditText("2027-01-01--2027-02-28")
    assert chooser.period().end == dt.date(2027, 2, 28)
    chooser.combo.setEditText("andra halvåret")
    with pytest.raises(UserError):
        chooser.period()


def test_export_file_name_keeps_the_code(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    offered: list[str] = []

    def fake_save(_parent: object, _title: str, name: str, _filters: str) -> tuple[str, str]:
        offered.append(name)
        return "", ""

    monkeypatch.setattr("handledare_app.ui.pages.statistics.QFileDialog.getSaveFileName", fake_save)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert ask_export_path(parent, "Exportera", "uppfoljning", half_year(2026, 2)) is None
    assert offered and offered[0].endswith("uppfoljning-2026H2.pdf")
