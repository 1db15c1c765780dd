"""Förhandsgranska a PDF inside the app (QtPdf), with Skriv ut and Spara som."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, QStandardPaths
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
        """Each page rendered at the printer's resolution, fitted to the page."""
        painter = QPainter()
        if not painter.begin(printer):
            show_user_error(self, UserError("Skrivaren kunde inte startas."))
            return
        try:
            for i in range(self.document.pageCount()):
                if i:
                    printer.newPage()
                target = painter.viewport()
                size_pt = self.document.pagePointSize(i)
                scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
                image = self.document.render(
                    i, QSize(round(size_pt.width() * scale), round(size_pt.height() * scale))
                )
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
