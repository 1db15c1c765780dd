"""The application font at about 150 % of a laptop screen, for the large-font tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

# Offscreen fonts are smaller than a real screen's: 1.7 here is about 150 % on a laptop,
# where a page beside the navigation list gets about 1030 × 620 pixels.
SCALE = 1.7
PAGE_WIDTH = 1030
PAGE_HEIGHT = 620


@contextmanager
def larger_font(qapp: QApplication, scale: float = SCALE) -> Iterator[None]:
    before = QFont(qapp.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * scale)
    qapp.setFont(bigger)
    try:
        yield
    finally:
        qapp.setFont(before)
