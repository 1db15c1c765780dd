"""Renders resurser/ikoner/handledarappen.svg to the PNG (Linux) and ICO (Windows) icons.

Run once after changing the SVG; the results are checked in:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resurser" / "ikoner"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "handledarappen.svg")).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    ok = render(256).save(str(ICONS / "handledarappen.png"))
    ok = render(256).save(str(ICONS / "handledarappen.ico")) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
