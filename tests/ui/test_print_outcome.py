"""What the print note says: sent to a printer, or saved as a PDF file when the print
dialog's "print to file" was chosen (it said "skickad till skrivaren" for a file too)."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from handledare_app.ui.signing.pdf_preview import PrintOutcome, print_pages


def _two_pages() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for text in ("Sida ett", "Sida två"):
        c.drawString(72, 720, text)
        c.showPage()
    c.save()
    return out.getvalue()


def test_print_to_a_pdf_file_says_where_it_went(qtbot: QtBot, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    target = tmp_path / "utskrift.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    outcome = print_pages(_two_pages(), printer)
    assert outcome.started and outcome.pages == 2
    assert outcome.text() == f"Utskriften är sparad i filen {target}."
    assert target.stat().st_size > 0


def test_a_printer_print_says_sent_to_the_printer() -> None:
    assert PrintOutcome(True, 2, 2).text() == "Utskriften är skickad till skrivaren."
    cancelled = PrintOutcome(True, 1, 3, cancelled=True, to_file="x.pdf")
    assert cancelled.text().startswith("Utskriften avbröts efter 1 av 3 sidor")
