"""Kriteriebank's module table keeps every word of a module name whole: at 150 % font
the Modul column got so narrow that a long word ("Kundbemötande") was cut to
"Kundbemöta…". The table asks for the width its other columns and the longest word
need; the name wraps at spaces and the rows grow (set up in catalogue.py). A word
longer than WORD_CAP characters may still be elided: the tooltip and the details pane
show the whole name."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QTableView

NAME_COLUMN = 1
WORD_CAP = 24  # characters: a longer "word" (a pasted path?) may not widen the page


def text_margin(table: QTableView) -> int:
    """The space the style leaves around a cell's text, both sides together."""
    return 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)


def longest_word_width(table: QTableView, column: int = NAME_COLUMN) -> int:
    """The width of the widest word in the column (capped at WORD_CAP characters)."""
    metrics = table.fontMetrics()
    model = table.model()
    cap = metrics.averageCharWidth() * WORD_CAP
    widest = 0
    for row in range(model.rowCount()):
        text = str(model.index(row, column).data() or "")
        for word in text.split():
            widest = max(widest, min(cap, metrics.horizontalAdvance(word)))
    return widest


def keep_words_whole(table: QTableView, column: int = NAME_COLUMN) -> None:
    """The table's minimum width: its other columns, the longest word of `column` with
    the cell's margins, the frame and a vertical scroll bar."""
    header = table.horizontalHeader()
    others = sum(
        header.sectionSize(c)
        for c in range(header.count())
        if c != column and not header.isSectionHidden(c)
    )
    name = (
        longest_word_width(table, column)
        + text_margin(table)
        + table.fontMetrics().averageCharWidth()
    )
    chrome = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    table.setMinimumWidth(others + name + chrome)
