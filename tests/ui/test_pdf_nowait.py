"""Certificates, portfolios and printing on the task runner (issue 14): the window
handles input while the work runs, the button that started it cannot start a second
one, the result appears when the work is done, and a refusal is shown in Swedish."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import UserError
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui import tasks
from handledare_app.ui.pages.quality import QualityPageWidget
from handledare_app.ui.participant.certificates_box import CertificatesBox
from handledare_app.ui.signing.pdf_preview import PdfPreviewDialog
from tests.signing_helpers import ready_module, sign

from .blocking import Blocked, gui_handles_input
from .conftest import Boxes

PAGES = 20


def _pdf(pages: int = PAGES) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(pages):
        c.drawString(60, 800, f"Portfölj sida {page + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[PdfPreviewDialog]:
    """Previews opened by the page (recorded, not shown)."""
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: shown.append(self))
    return shown


def test_printing_shows_the_page_handles_input_and_stops_on_avbryt(
    qtbot: QtBot, tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "PROGRESS_INTERVAL_S", 0.0)  # every page's progress shows
    at_page_3, go_on = threading.Event(), threading.Event()
    render = QPdfDocument.render

    def slow_render(document: QPdfDocument, page: int, *args: Any) -> Any:
        if page == 2:
            at_page_3.set()
            assert go_on.wait(10)
        return render(document, page, *args)

    monkeypatch.setattr(QPdfDocument, "render", slow_render)
    dialog = PdfPreviewDialog(_pdf(), "Portfölj", "portfolj.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.print_to(_printer(tmp_path / "ut.pdf")) is not None
    assert at_page_3.wait(5)
    qtbot.waitUntil(lambda: dialog.print_label.text() == "Skriver ut sida 3 av 20 …")
    assert (dialog.print_bar.value(), dialog.print_bar.maximum()) == (2, PAGES)
    assert not dialog.print_button.isEnabled() and dialog.cancel_print_button.isVisible()
    gui_handles_input(qtbot)
    assert dialog.print_to(_printer(tmp_path / "igen.pdf")) is None  # no second print
    dialog.print_document()  # (would open the print dialog; refused while printing)
    dialog.close()  # the preview stays until the print has ended
    assert dialog.isVisible() and "Utskriften pågår" in dialog.print_label.text()
    dialog.cancel_print_button.click()
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.printing, timeout=5000)
    assert dialog.print_label.text().startswith("Utskriften avbröts efter 3 av 20 sidor")
    assert dialog.print_button.isEnabled() and not dialog.cancel_print_button.isVisible()
    assert not (tmp_path / "igen.pdf").exists() and boxes.shown == []
    dialog.close()
    assert not dialog.isVisible()


def test_a_whole_print_reports_its_pages_in_order(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "PROGRESS_INTERVAL_S", 0.0)
    dialog = PdfPreviewDialog(_pdf(), "Portfölj", "portfolj.pdf")
    qtbot.addWidget(dialog)
    seen: list[str] = []
    dialog.print_label.setText = lambda text: seen.append(text)  # type: ignore[method-assign]
    dialog.print_to(_printer(tmp_path / "ut.pdf"))
    qtbot.waitUntil(lambda: not dialog.printing, timeout=5000)
    assert seen[-1] == f"Utskriften är sparad i filen {tmp_path / 'ut.pdf'}."  # print to file
    # The window shows the latest page at each hand-over (several may pass between two).
    pages = [int(t.split()[3]) for t in seen if t.startswith("Skriver ut sida")]
    assert pages and pages == sorted(set(pages)) and pages[0] >= 1 and pages[-1] <= PAGES
    assert all(t.endswith(f"av {PAGES} …") for t in seen if t.startswith("Skriver ut sida"))
    printed = QPdfDocument()
    printed.load(str(tmp_path / "ut.pdf"))
    assert printed.pageCount() == PAGES


@pytest.fixture
def page(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> QualityPageWidget:
    sign(app, admin.id, ready_module(app, admin.id, participant.id))
    page = QualityPageWidget(app, admin)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.signed_table.selectRow(0)
    return page


def test_a_certificate_is_issued_once_and_its_preview_opens_when_ready(
    qtbot: QtBot,
    app: App,
    participant: ParticipantDetail,
    page: QualityPageWidget,
    opened: list[PdfPreviewDialog],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocked = Blocked(app.certificates.issue)
    monkeypatch.setattr(app.certificates, "issue", blocked)
    page.certificate_button.click()
    assert blocked.entered.wait(5) and page.making_pdf
    assert blocked.threads != [threading.get_ident()]
    for button in (page.certificate_button, page.portfolio_button, page.plan_button):
        assert not button.isEnabled()
    gui_handles_input(qtbot)
    page.certificate_button.click()  # disabled: nothing happens
    page.show_certificate()  # even called directly: no second job
    page.show_portfolio()
    blocked.release()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=5000)
    assert blocked.calls == 1 and len(app.certificates.issued(participant.id)) == 1
    [cert] = app.certificates.issued(participant.id)
    assert opened[0].windowTitle() == f"Intyg {cert.display_code}"
    assert opened[0].document.pageCount() >= 1
    assert page.certificate_button.isEnabled() and not page.making_pdf
    assert boxes.shown == []


def test_a_refused_pdf_is_explained_and_the_buttons_come_back(
    qtbot: QtBot,
    app: App,
    page: QualityPageWidget,
    opened: list[PdfPreviewDialog],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocked = Blocked(app.documents.portfolio, fail=UserError("Portföljen kunde inte skapas."))
    monkeypatch.setattr(app.documents, "portfolio", blocked)
    page.portfolio_button.click()
    assert blocked.entered.wait(5)
    gui_handles_input(qtbot)
    blocked.release()
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5000)
    assert not page.making_pdf and boxes.texts("warning") == ["Portföljen kunde inte skapas."]
    assert opened == [] and page.portfolio_button.isEnabled()


def test_a_page_deleted_before_its_pdf_is_ready_shows_nothing(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    opened: list[PdfPreviewDialog],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign(app, admin.id, ready_module(app, admin.id, participant.id))
    page = QualityPageWidget(app, admin)
    page.refresh()
    page.signed_table.selectRow(0)
    blocked = Blocked(app.documents.work_plan)
    monkeypatch.setattr(app.documents, "work_plan", blocked)
    task = page._preview("arbetsplan", participant.id)
    assert task is not None and blocked.entered.wait(5)
    shiboken6.delete(page)
    blocked.release()
    assert task.wait(5)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)
    assert opened == [] and boxes.shown == []


def test_the_participant_page_box_issues_once_and_shows_when_ready(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    opened: list[PdfPreviewDialog],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sign(app, admin.id, ready_module(app, admin.id, participant.id))
    box = CertificatesBox(app, admin, participant.id)
    qtbot.addWidget(box)
    box.show()
    box.refresh()
    blocked = Blocked(app.certificates.render)
    monkeypatch.setattr(app.certificates, "render", blocked)
    box.certificate_button.click()
    assert blocked.entered.wait(5) and box.busy
    assert not box.certificate_button.isEnabled() and not box.portfolio_button.isEnabled()
    gui_handles_input(qtbot)
    box.refresh()  # a refresh meanwhile does not open the door to a second certificate
    assert not box.certificate_button.isEnabled()
    assert box.show_certificate() is None and box.show_portfolio() is None
    blocked.release()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=5000)
    assert blocked.calls == 1 and len(app.certificates.issued(participant.id)) == 1
    assert opened[0].windowTitle().startswith("Intyg ")
    assert box.certificate_button.isEnabled() and box.portfolio_button.isEnabled()
    assert "Senaste intyget" in box.status_label.text() and boxes.shown == []
