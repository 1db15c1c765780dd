"""ui.widgets.fit_to_screen: one rule for the dialogs that size themselves to the font
(Signera modul, the evidence dialog, the catalogue editor's dialogs)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from handledare_app.ui import widgets
from handledare_app.ui.widgets import (
    SCREEN_MARGIN,
    capped_size,
    fit_to_screen,
    text_size,
)

SMALL_SCREEN = QRect(0, 0, 800, 500)


def test_a_size_larger_than_the_screen_is_capped_to_it_less_the_margin() -> None:
    assert capped_size(QSize(2000, 1000), SMALL_SCREEN) == QSize(
        800 - SCREEN_MARGIN.width(), 500 - SCREEN_MARGIN.height()
    )
    assert capped_size(QSize(2000, 300), SMALL_SCREEN) == QSize(760, 300)  # one side only
    assert capped_size(QSize(600, 400), SMALL_SCREEN) == QSize(600, 400)  # fits: left alone
    assert capped_size(QSize(2000, 1000), None) == QSize(2000, 1000)  # no screen known


def test_fit_to_screen_resizes_the_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(widgets, "available_geometry", lambda _w: SMALL_SCREEN)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_to_screen(dialog, QSize(3000, 2000))
    assert dialog.size() == QSize(760, 440)
    fit_to_screen(dialog, QSize(300, 200))
    assert dialog.size() == QSize(300, 200)


def test_text_size_follows_the_font(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    small = text_size(dialog, 100, 30)
    metrics = dialog.fontMetrics()
    assert small == QSize(metrics.averageCharWidth() * 100, metrics.height() * 30)
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    dialog.setFont(font)
    large = text_size(dialog, 100, 30)
    assert large.width() > small.width() and large.height() > small.height()


def test_the_real_screen_caps_a_huge_dialog(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    available = widgets.available_geometry(dialog)
    assert available is not None  # offscreen has a screen
    fit_to_screen(dialog, text_size(dialog, 10_000, 1_000))
    assert dialog.width() == available.width() - SCREEN_MARGIN.width()
    assert dialog.height() == available.height() - SCREEN_MARGIN.height()
