"""The self-test's Qt part: Qt modules load, the main window shows and paints, and a
PDF renders back with QtPdf."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from ..services.app import App

log = logging.getLogger(__name__)


def _qt_message_to_log(_mode: Any, _context: Any, message: str) -> None:
    log.info("qt: %s", message)


# Every Qt module the app imports (a test keeps this list complete).
QT_MODULES = (
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtPdf",
    # The PDF preview of certificates and other documents (issue 4).
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
)


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
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .qt_app import create_qapplication

    qt_app = create_qapplication()
    # Qt's own notices (offscreen: "This plugin does not support propagateSizeHints()")
    # go to the log, not as English lines on stderr next to the JSON report.
    previous = qInstallMessageHandler(_qt_message_to_log)
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
        qInstallMessageHandler(previous)


def render_pdf_page(path: Path, expected_text: str) -> str:
    """Open a PDF with QtPdf, render page 1 to an image and read its text back.

    Raises if the PDF does not load, the page is blank, or `expected_text` is not on
    the page. Returns a short description.
    """
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage
    from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions

    from .qt_app import create_qapplication

    create_qapplication()
    document = QPdfDocument()
    try:
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_ or document.pageCount() < 1:
            raise RuntimeError(f"QtPdf kunde inte öppna PDF-filen ({error.name})")
        points = document.pagePointSize(0)
        size = QSize(round(points.width() * 96 / 72), round(points.height() * 96 / 72))
        image = document.render(0, size, QPdfDocumentRenderOptions())
        if image.isNull():
            raise RuntimeError("QtPdf ritade ingen bild av sidan")
        image = image.convertToFormat(QImage.Format.Format_ARGB32)
        # PDFium leaves the paper transparent: ink is an opaque pixel that is not white.
        samples = [
            image.pixel(x, y)
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
        ]
        inked = sum(1 for p in samples if p >> 24 >= 0x80 and p & 0xFFFFFF != 0xFFFFFF)
        if inked < 200 or inked > len(samples) // 2:
            raise RuntimeError(f"sidan ser inte ut som text ({inked} av {len(samples)} punkter)")
        text = document.getAllText(0).text()
        if expected_text not in text:
            raise RuntimeError(f"texten ”{expected_text}” hittades inte på sidan: {text[:80]!r}")
        return (
            f"QtPdf: {document.pageCount()} sida, {image.width()}×{image.height()} px, "
            f"{inked} färgade punkter, texten läses tillbaka"
        )
    finally:
        document.close()
