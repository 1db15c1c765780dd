"""Förhandsgranska a PDF inside the app (QtPdf), with Skriv ut and Spara som.

Printing runs on the task runner page by page (issue 14): "Skriver ut sida 3 av 20 …"
shows, Avbryt utskrift stops between pages, and the window handles input meanwhile.
The preview stays open until the print has ended."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
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
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from .. import tasks
from ..busy import later, run_busy
from ..errors import show_user_error
from ..start_folders import documents_folder


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
        print_row = QHBoxLayout()
        self.print_label = QLabel("", self)
        self.print_label.setAccessibleName("Utskrift")
        self.print_label.setWordWrap(True)
        self.print_label.setVisible(False)  # a line only while printing or after it
        self.print_bar = QProgressBar(self)
        self.print_bar.setAccessibleName("Utskriftens förlopp")
        self.print_bar.setVisible(False)
        self.print_bar.setFormat("%v av %m sidor")
        # Room for "120 av 120 sidor" at any font size (its size hint cut the word off).
        self.print_bar.setMinimumWidth(
            self.print_bar.fontMetrics().horizontalAdvance("000 av 000 sidor")
            + self.fontMetrics().averageCharWidth() * 4
        )
        self.cancel_print_button = QPushButton("&Avbryt utskrift", self)
        self.cancel_print_button.setAccessibleName("Avbryt utskrift")
        self.cancel_print_button.setVisible(False)
        self.cancel_print_button.clicked.connect(self.cancel_print)
        print_row.addWidget(self.print_label, 1)
        print_row.addWidget(self.print_bar)
        print_row.addWidget(self.cancel_print_button)
        self._printing: tasks.Task | None = None
        layout.addLayout(print_row)
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
        folder = documents_folder()
        path, _ = QFileDialog.getSaveFileName(
            self, "Spara som", str(Path(folder) / self.suggested_name), "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> tasks.Task:
        """Written and synced to disk on the task runner (a portfolio with photos on a USB
        stick takes a while); Spara som rests meanwhile, then says where the file is."""
        from ...services.files import write_file_atomic

        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        target, data = path, self.data
        return run_busy(
            [self.save_button],
            self,
            lambda: write_file_atomic(target, data, "PDF-filen"),
            lambda _none: QMessageBox.information(self, "Sparad", f"PDF-filen är sparad: {target}"),
        )

    def print_document(self) -> None:
        if self.printing:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    @property
    def printing(self) -> bool:
        return self._printing is not None

    def print_to(self, printer: QPrinter) -> tasks.Task | None:
        """Printed on the task runner (QPainter may paint on a QPrinter in another thread),
        page by page at a bounded resolution (PRINT_DPI, not the printer's highest), so a
        long portfolio neither freezes the window nor fills the memory. Returns the task
        (None when a print is already running)."""
        if self.printing:
            return None
        data = self.data
        self.print_button.setEnabled(False)
        self.print_bar.setRange(0, 0)
        self.print_bar.setVisible(True)
        self.cancel_print_button.setEnabled(True)
        self.cancel_print_button.setVisible(True)
        self._print_note("Skriver ut …")
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._printing = tasks.run_in_background(
            lambda ctx: print_pages(data, printer, ctx),
            self._print_done,
            self._print_failed,
            self._print_progress,
        )
        return self._printing

    def _print_note(self, text: str) -> None:
        self.print_label.setText(text)
        self.print_label.setVisible(bool(text))

    def cancel_print(self) -> None:
        if self._printing is not None:
            self._printing.cancel()
            self.cancel_print_button.setEnabled(False)
            self._print_note("Avbryter utskriften efter sidan som skrivs nu …")

    def _print_progress(self, done: int, total: int) -> None:
        if self._printing is None or self._printing.cancelled or done >= total:
            return
        self.show_print_progress(done, total)

    def show_print_progress(self, done: int, total: int) -> None:
        """`done` pages printed, the next one on its way (also the screenshot's look)."""
        self.print_bar.setRange(0, total)
        self.print_bar.setValue(done)
        self.print_bar.setVisible(True)
        self.print_button.setEnabled(False)
        self.cancel_print_button.setVisible(True)
        self._print_note(f"Skriver ut sida {done + 1} av {total} …")

    def _print_ended(self) -> None:
        self._printing = None
        self.print_button.setEnabled(True)
        self.print_bar.setVisible(False)
        self.cancel_print_button.setVisible(False)
        self.unsetCursor()

    def _print_done(self, outcome: PrintOutcome) -> None:
        self._print_ended()
        if outcome.started:
            self._print_note(outcome.text())
        else:
            self._print_note("")
            later(self, lambda: show_user_error(self, UserError("Skrivaren kunde inte startas.")))

    def _print_failed(self, exc: BaseException) -> None:
        self._print_ended()
        self._print_note("")
        if not isinstance(exc, UserError):
            raise exc
        later(self, lambda: show_user_error(self, exc))

    def done(self, result: int) -> None:
        """Stäng, Escape and the window's close button: not while a print runs (the
        printer is still being fed); Avbryt utskrift stops it between pages."""
        if self.printing:
            self._print_note(
                "Utskriften pågår. Vänta tills den är klar, eller tryck Avbryt utskrift."
            )
            return
        super().done(result)


class PrintOutcome:
    """How a print ended: not started, all pages, or cancelled after `pages` of `total`;
    `to_file` is the PDF file the print dialog's "print to file" wrote, if it did."""

    def __init__(
        self, started: bool, pages: int, total: int, cancelled: bool = False, to_file: str = ""
    ) -> None:
        self.started, self.pages, self.total, self.cancelled = started, pages, total, cancelled
        self.to_file = to_file

    def __bool__(self) -> bool:
        return self.started

    def text(self) -> str:
        if self.cancelled:
            return (
                f"Utskriften avbröts efter {self.pages} av {self.total} sidor "
                "(sidor som redan skickats kan komma ut ur skrivaren)."
            )
        if self.to_file:
            return f"Utskriften är sparad i filen {self.to_file}."
        return "Utskriften är skickad till skrivaren."


PRINT_DPI = 150  # enough for text, signatures and photos on paper; ~9 MB per A4 page
BAND_ROWS = 256


def print_pages(
    data: bytes, printer: QPrinter, ctx: tasks.TaskContext | None = None
) -> PrintOutcome:
    """Render and paint each page in the calling (worker) thread with its own document,
    reporting progress to `ctx` and stopping between pages once it is cancelled."""
    raw = QByteArray(data)
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    painter = QPainter()
    total = document.pageCount()
    try:
        if not painter.begin(printer):
            return PrintOutcome(False, 0, total)
        dpi = min(printer.resolution(), PRINT_DPI)
        for i in range(total):
            if ctx is not None and not ctx.progress(i, total):
                printer.abort()  # drops the job where the print system allows it
                return PrintOutcome(True, i, total, cancelled=True)
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
        if ctx is not None:
            ctx.progress(total, total)
        pdf = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        return PrintOutcome(True, total, total, to_file=printer.outputFileName() if pdf else "")
    finally:
        if painter.isActive():
            painter.end()
        document.close()
        buffer.close()
