"""Förhandsgranska a PDF inside the app (QtPdf), with Skriv ut and Spara som."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QStandardPaths
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ..errors import show_user_error, wait_cursor
from ..tasks import wait_for


class PdfPreviewDialog(QDialog):
    # QPdfView renders pages in the background: screenshots wait this long.
    screenshot_settle_ms = 800

    def __init__(
        self, data: bytes, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data = data
        self.suggested_name = suggested_name
        self.setWindowTitle(title)
        self.setAccessibleName(f"Förhandsgranskning: {title}")
        layout = QVBoxLayout(self)
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setAccessibleName(f"{title}, förhandsgranskning")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        pages = self.document.pageCount()
        self.pages_label = QLabel(f"{pages} {'sida' if pages == 1 else 'sidor'}", self)
        row.addWidget(self.pages_label)
        row.addStretch(1)
        self.print_button = QPushButton("Skriv ut …", self)
        self.print_button.setAccessibleName("Skriv ut")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("Spara som …", self)
        self.save_button.setAccessibleName("Spara som PDF")
        self.save_button.clicked.connect(self.save_as)
        close = QPushButton("Stäng", self)
        close.setAccessibleName("Stäng")
        close.clicked.connect(self.accept)
        for b in (self.print_button, self.save_button, close):
            row.addWidget(b)
        self._button_row = row
        layout.addLayout(row)
        line = self.fontMetrics().height()
        self.resize(line * 44, line * 48)

    def add_button(
        self, text: str, accessible_name: str, slot: Callable[[], object]
    ) -> QPushButton:
        """An extra action beside Skriv ut (e.g. Spara digitalt intyg on a certificate)."""
        button = QPushButton(text, self)
        button.setAccessibleName(accessible_name)
        button.clicked.connect(slot)
        self._button_row.insertWidget(2, button)
        return button

    def save_as(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self, "Spara som", str(Path(folder) / self.suggested_name), "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        from ...services.files import write_file_atomic

        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_file_atomic(path, self.data, "PDF-filen")
        except UserError as exc:
            show_user_error(self, exc)
            return
        QMessageBox.information(self, "Sparad", f"PDF-filen är sparad: {path}")

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        with wait_cursor():
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Printed on the task runner (QPainter may paint on a QPrinter in another thread),
        page by page at a bounded resolution (PRINT_DPI, not the printer's highest), so a
        long portfolio neither freezes the window nor fills the memory."""
        if not wait_for(partial(print_pages, self.data, printer)):
            show_user_error(self, UserError("Skrivaren kunde inte startas."))


PRINT_DPI = 150  # enough for text, signatures and photos on paper; ~9 MB per A4 page
BAND_ROWS = 256


def print_pages(data: bytes, printer: QPrinter) -> bool:
    """Render and paint each page in the calling (worker) thread with its own document.
    False if the printer could not be started."""
    raw = QByteArray(data)
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            return False
        dpi = min(printer.resolution(), PRINT_DPI)
        for i in range(document.pageCount()):
            if i:
                printer.newPage()
            target = painter.viewport()
            size_pt = document.pagePointSize(i)
            scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
            pixels = QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
            image = document.render(i, pixels)
            # In bands: PySide6 holds the GIL inside drawImage, and one full page (~100 ms)
            # would stall the window's Python slots for that long.
            per_row = size_pt.height() * scale / image.height()
            for top in range(0, image.height(), BAND_ROWS):
                rows = min(BAND_ROWS, image.height() - top)
                painter.drawImage(
                    QRectF(0, top * per_row, size_pt.width() * scale, rows * per_row),
                    image,
                    QRectF(0, top, image.width(), rows),
                )
        return True
    finally:
        if painter.isActive():
            painter.end()
        document.close()
        buffer.close()
