"""The self-test's Qt part: Qt modules load, and the main window shows and paints."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.app import App

# Every Qt module the app imports (a test keeps this list complete).
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")


def import_qt_modules() -> str:
    """Import the Qt modules; returns a short description (Qt version)."""
    for name in QT_MODULES:
        importlib.import_module(name)
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"PySide6 {pyside_version}, Qt {qVersion()}"


def show_main_window(app: App, supervisor_id: str) -> str:
    """Show the logged-in main window, render it to an image and close it again.

    Raises if the rendered image is blank (a single colour). Returns a short description.
    """
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .qt_app import create_qapplication

    qt_app = create_qapplication()
    window = MainWindow(app, app.supervisors.get(supervisor_id))
    try:
        window.show()
        QApplication.processEvents()
        for index in range(window.nav.count()):
            window.nav.setCurrentRow(index)  # builds and shows every page once
            QApplication.processEvents()
        window.nav.setCurrentRow(0)
        QApplication.processEvents()
        image = window.grab().toImage()
        if image.isNull() or image.width() < 100 or image.height() < 100:
            raise RuntimeError(f"fönstret ritades inte ({image.width()}×{image.height()})")
        step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 40)
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), step_x)
            for y in range(0, image.height(), step_y)
        }
        if len(colours) < 3:
            raise RuntimeError(f"fönstret är tomt ({len(colours)} färg(er) i bilden)")
        return (
            f"plattform {qt_app.platformName()}, {image.width()}×{image.height()} px, "
            f"{len(colours)} färger, {window.nav.count()} sidor"
        )
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
