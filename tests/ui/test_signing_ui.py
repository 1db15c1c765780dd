"""Signing dialogs, the signature pad, verification, the PDF preview and the
Kvalitetssäkring page, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import AssessmentStatus, ModuleStatus
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.domain.signing import SignatureMethod
from handledare_app.services import supervisors as supervisors_module
from handledare_app.services.app import App
from handledare_app.services.pin_guard import FREE_ATTEMPTS
from handledare_app.ui.pages.quality import QualityPageWidget
from handledare_app.ui.signing import open_signoff_dialog, screenshot_widgets
from handledare_app.ui.signing.pdf_preview import PdfPreviewDialog
from handledare_app.ui.signing.signature_pad import SignaturePad
from handledare_app.ui.signing.signoff_dialog import NO_PIN, SignoffDialog
from handledare_app.ui.signing.verify_dialog import VerifyDialog
from handledare_app.ui.tasks import wait_for_all
from tests.conftest import ADMIN_PIN
from tests.helpers import db_summary, observe
from tests.signing_helpers import IK_PIN, SQUIGGLE, add_ik, ready_module, sign

from .conftest import Boxes


def _unnamed(root: QWidget) -> list[str]:
    return [
        type(w).__name__
        for cls in (QAbstractButton, QLineEdit)
        for w in root.findChildren(cls)
        if not w.accessibleName().strip()
    ]


def test_pad_draws_with_the_mouse_and_clears(qtbot: QtBot) -> None:
    pad = SignaturePad("Rityta")
    qtbot.addWidget(pad)
    pad.resize(300, 100)
    pad.show()
    assert pad.is_empty()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 50))
    for x in range(30, 280, 20):
        qtbot.mouseMove(pad, QPoint(x, 30 + (x % 40)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(280, 60))
    assert not pad.is_empty()
    assert all(0 <= x <= 1 and 0 <= y <= 1 for s in pad.strokes() for x, y in s)
    pad.clear()
    assert pad.is_empty()


def test_signoff_dialog_signs_and_locks(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    # The outcomes follow "Det här har du visat att du kan:" without "Deltagaren kan".
    assert "Deltagaren kan" not in dialog.summary_label.text()
    assert dialog.summary_label.text().startswith("•  ")
    assert _unnamed(dialog) == []
    before = db_summary(app)
    # Empty pad: refused in the dialog, nothing saved.
    dialog.pin.setText(ADMIN_PIN)
    dialog._sign()
    assert "ritade signatur är tom" in dialog.error.text()
    assert db_summary(app) == before
    # Wrong PIN: refused, PIN field emptied.
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
    dialog.pin.setText("9999")
    dialog._sign()
    wait_for_all()  # the PIN check's answer comes back as a callback
    assert "Fel PIN-kod" in dialog.pin_error.text() and dialog.pin.text() == ""
    assert dialog.pin_error.isVisibleTo(dialog) and not dialog.error.isVisibleTo(dialog)
    dialog.pin.setText("1")
    dialog.pin.textEdited.emit("1")  # typing again clears the message
    assert not dialog.pin_error.isVisibleTo(dialog)
    assert db_summary(app) == before
    dialog.pin.setText(ADMIN_PIN)
    dialog._sign()
    wait_for_all()  # PIN check, then signing, each on the task runner
    assert dialog.signed_id is not None
    assert app.assessment.enrollment(eid).status is ModuleStatus.SIGNED
    assert any("är signerad" in t for t in boxes.texts("information"))


def test_dialog_for_incomplete_module_cannot_sign(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    eid = app.journey.enroll(admin.id, participant.id, app.catalogue.modules()[0].code)
    c = app.assessment.enrollment(eid).module.criteria[0]
    observe(app, admin.id, participant.id, [c.id])
    app.assessment.judge(admin.id, eid, c.id, AssessmentStatus.ACHIEVED)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    assert not dialog.sign_button.isEnabled()


def test_open_signoff_dialog_is_one_call(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    monkeypatch.setattr(SignoffDialog, "exec", lambda self: 0)
    assert open_signoff_dialog(app, admin, eid) is False


def test_verify_dialog_answers_and_refuses_malformed(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    sign(app, admin.id, ready_module(app, admin.id, participant.id))
    cert = app.certificates.issue(admin.id, participant.id)
    dialog = VerifyDialog(app)
    qtbot.addWidget(dialog)
    dialog.code.setText("12")
    dialog.check()
    assert "10 tecken" in dialog.error.text() and dialog.verdict.text() == ""
    dialog.code.setText(cert.code.lower())
    dialog.check()
    assert dialog.verdict.text() == f"{cert.display_code}: Giltigt"
    assert "Märta Ekström" in dialog.details.text()


def test_pdf_preview_saves_and_prints(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    tmp_path: Path,
    boxes: Boxes,
) -> None:
    sign(app, admin.id, ready_module(app, admin.id, participant.id))
    cert = app.certificates.issue(admin.id, participant.id)
    data = app.certificates.render(cert.id)
    dialog = PdfPreviewDialog(data, "Intyg", "intyg.pdf")
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 1 and dialog.pages_label.text() == "1 sida"
    dialog.save_to(tmp_path / "sparat")
    assert not dialog.save_button.isEnabled(), "Spara som rests while the file is written"
    assert wait_for_all(10)
    assert (tmp_path / "sparat.pdf").read_bytes() == data
    assert dialog.save_button.isEnabled()
    dialog.save_to(tmp_path / "saknas" / "x.pdf")
    assert wait_for_all(10)
    qtbot.waitUntil(lambda: any("Det gick inte att skriva" in t for t in boxes.texts("warning")))
    assert any("Det gick inte att skriva" in t for t in boxes.texts("warning"))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "utskrift.pdf"))
    assert dialog.print_to(printer) is not None
    qtbot.waitUntil(lambda: not dialog.printing, timeout=5000)
    expected = f"Utskriften är sparad i filen {tmp_path / 'utskrift.pdf'}."  # print to file
    assert dialog.print_label.text() == expected
    assert (tmp_path / "utskrift.pdf").stat().st_size > 1000


def test_quality_page_lists_ready_and_ik_approves(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    app.quality.update_settings(admin.id, sample_rate=1.0, required=True)
    ready_module(app, admin.id, participant.id, 0)
    signed_eid = ready_module(app, admin.id, participant.id, 1)
    sign(app, admin.id, signed_eid)
    ik_id = add_ik(app, admin.id)
    ik = app.supervisors.get(ik_id)
    page = QualityPageWidget(app, ik)
    qtbot.addWidget(page)
    page.refresh()
    assert page.ready_model.rowCount() == 1
    assert page.queue_model.rowCount() == 1
    page.queue_table.selectRow(0)
    assert page.approve_button.isEnabled()
    page.approve_selected()
    assert page.queue_model.rowCount() == 0
    assert page.signed_model.row_record(0).qa_label == "Godkänd av kvalitetssäkrare"
    # A supervisor without the IK role sees the queue but cannot decide.
    sign(app, admin.id, ready_module(app, admin.id, participant.id, 2))
    own = QualityPageWidget(app, admin)
    qtbot.addWidget(own)
    own.refresh()
    own.queue_table.selectRow(0)
    assert not own.approve_button.isEnabled()
    assert own.save_settings_button.isEnabled()  # admin may change the sampling
    assert not page.save_settings_button.isEnabled()
    assert _unnamed(page) == []


def test_screenshot_widgets_cover_every_screen(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    sign(app, admin.id, ready_module(app, admin.id, participant.id, 0))
    ready_module(app, admin.id, participant.id, 1)
    app.certificates.issue(admin.id, participant.id)
    shots = screenshot_widgets(app, admin, participant.id)
    stems = [s for s, _ in shots]
    assert len(stems) == len(set(stems)) and all(" " not in s for s in stems)
    assert {"signering-dialog", "kontrollera-intyg", "intyg-forhandsgranskning"} <= set(stems)
    for _stem, widget in shots:
        qtbot.addWidget(widget)
        assert not widget.grab().isNull()


def test_status_widget_shows_signed_and_returned(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    from handledare_app.ui.signing.status_widget import SignoffStatusWidget

    widget = SignoffStatusWidget(app, participant.id)
    qtbot.addWidget(widget)
    assert widget.lines.text() == "Ingen modul är signerad ännu."
    app.quality.update_settings(admin.id, sample_rate=1.0, required=True)
    s = sign(app, admin.id, ready_module(app, admin.id, participant.id))
    widget.refresh()
    assert "signerad" in widget.lines.text() and "väntar på kvalitetssäkring" in widget.lines.text()
    ik = add_ik(app, admin.id)
    app.quality.review(ik, s.id, approve=False, comment="Komplettera 1.2")
    widget.refresh()
    assert "öppnad igen för rättelse – Komplettera 1.2" in widget.lines.text()
    # Signing it again: the dialog says why it was reopened.
    dialog = SignoffDialog(app, admin, s.enrollment_id)
    qtbot.addWidget(dialog)
    assert "Komplettera 1.2" in dialog.reopen_note.text()
    page = QualityPageWidget(app, admin)
    qtbot.addWidget(page)
    page.refresh()
    page.ready_table.selectRow(0)
    assert "Komplettera 1.2" in page.ready_note.text()


def test_summary_lists_evidence_per_criterion_and_refuses_a_bare_one(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    criteria = app.assessment.enrollment(eid).module.criteria
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    text = dialog.evidence_label.text()
    assert all(c.number in text for c in criteria)
    assert text.count("Observation i butiken 0") == len(criteria)
    assert dialog.sign_button.isEnabled()
    # The evidence is removed: the dialog says which criterion lacks it, Signera is off.
    [ev] = app.evidence.list(participant.id)
    app.evidence.delete(admin.id, ev.id)
    again = SignoffDialog(app, admin, eid)
    qtbot.addWidget(again)
    assert "SAKNAR BEVIS" in again.evidence_label.text()
    assert "saknar bevis" in again.state_label.text()
    assert not again.sign_button.isEnabled()


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_pin_field_is_visible_at_1366x768_with_both_signatures_drawn(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    scale: float,
    boxes: Boxes,
) -> None:
    from PySide6.QtWidgets import QApplication

    boxes.question_answer = QMessageBox.StandardButton.Yes  # closing at teardown
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    old = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    qapp.setFont(font)
    try:
        eid = ready_module(app, admin.id, participant.id)
        dialog = SignoffDialog(app, admin, eid)
        qtbot.addWidget(dialog)
        dialog.participant_sig.pad.set_strokes(SQUIGGLE)
        dialog.supervisor_sig.pad.set_strokes(SQUIGGLE)
        # 1366×768 less a title bar and a task bar.
        dialog.resize(min(dialog.width(), 1366), min(dialog.height(), 690))
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.height() <= 690 and dialog.width() <= 1366
        inside = dialog.rect()
        for widget in (
            dialog.pin,
            dialog.sign_button,
            dialog.participant_sig.pad,
            dialog.supervisor_sig.pad,
        ):
            box = widget.rect()
            box.moveTopLeft(widget.mapTo(dialog, box.topLeft()))
            assert widget.isVisible() and inside.contains(box), widget.accessibleName()
    finally:
        qapp.setFont(old)


def test_escape_asks_before_a_drawn_signature_is_lost(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing drawn: closes without asking
    assert boxes.texts("question") == [] and not dialog.isVisible()
    dialog.show()
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    boxes.question_answer = QMessageBox.StandardButton.No
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(boxes.texts("question")) == 1 and dialog.isVisible()
    assert not dialog.participant_sig.pad.is_empty()
    boxes.question_answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_paper_sheet_is_rendered_off_the_gui_thread(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Skriv ut blankett: the button rests while the PDF is made; then the preview opens,
    but not once the signing dialog has been closed meanwhile."""
    import threading

    eid = ready_module(app, admin.id, participant.id)
    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self.data) or 0)
    gui = threading.get_ident()
    made_on: list[int] = []
    real = type(app.documents).signing_sheet

    def sheet(self: object, enrollment_id: str) -> bytes:
        made_on.append(threading.get_ident())
        return real(self, enrollment_id)  # type: ignore[arg-type]

    monkeypatch.setattr(type(app.documents), "signing_sheet", sheet)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.show()
    button = dialog.participant_sig.sheet_button
    button.setEnabled(True)
    dialog._print_sheet()
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown[0].startswith(b"%PDF") and made_on and made_on[0] != gui
    assert button.isEnabled()
    dialog._print_sheet()
    dialog.hide()
    assert wait_for_all(10)
    qtbot.wait(50)
    assert len(shown) == 1


def test_the_print_progress_text_fits_at_150_percent_font(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    from PySide6.QtWidgets import QApplication

    sign(app, admin.id, ready_module(app, admin.id, participant.id))
    data = app.certificates.render(app.certificates.issue(admin.id, participant.id).id)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    normal = qapp.font()
    big = qapp.font()
    big.setPointSizeF(normal.pointSizeF() * 1.5)
    qapp.setFont(big)
    try:
        dialog = PdfPreviewDialog(data, "Intyg", "intyg.pdf")
        qtbot.addWidget(dialog)
        dialog.show_print_progress(0, 120)
        dialog.show()
        qtbot.waitExposed(dialog)
        bar = dialog.print_bar
        assert bar.width() > bar.fontMetrics().horizontalAdvance(bar.text())
    finally:
        qapp.setFont(normal)


def test_one_signature_checks_the_pin_once(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dialog makes one call (signing.sign), which checks the PIN itself: one scrypt
    check per signature, and the guessing throttle counts one attempt."""
    checks: list[str] = []
    real_verify = supervisors_module.verify_pin

    def counting_verify(pin: str, stored: str) -> bool:
        checks.append(pin)
        return real_verify(pin, stored)

    monkeypatch.setattr(supervisors_module, "verify_pin", counting_verify)
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
    dialog.pin.setText("9999")
    dialog._sign()
    wait_for_all()
    assert checks == ["9999"] and dialog.signed_id is None
    dialog.pin.setText(ADMIN_PIN)
    dialog._sign()
    wait_for_all()
    assert dialog.signed_id is not None
    assert checks == ["9999", ADMIN_PIN]


def test_who_may_not_sign_is_told_below_not_at_the_pin(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    """A quality assurer's right PIN: refused for the role (PermissionDenied from
    require_staff), said in the dialog's error line; the PIN field shows no PIN error."""
    eid = ready_module(app, admin.id, participant.id)
    ik = app.supervisors.get(add_ik(app, admin.id))
    before = db_summary(app)
    dialog = SignoffDialog(app, ik, eid)
    qtbot.addWidget(dialog)
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
    dialog.pin.setText(IK_PIN)
    dialog._sign()
    wait_for_all()
    assert "kräver rollen handledare" in dialog.error.text()
    assert dialog.error.isVisibleTo(dialog) and not dialog.pin_error.isVisibleTo(dialog)
    assert dialog.pin.isEnabled() and dialog.sign_button.isEnabled()
    assert dialog.signed_id is None and db_summary(app) == before


def test_missing_and_throttled_pins_are_said_at_the_pin_field(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
    dialog._sign()  # no PIN typed: refused at once, no call
    assert dialog.pin_error.text() == NO_PIN and not dialog.busy()
    assert not dialog.error.isVisibleTo(dialog)
    for _ in range(FREE_ATTEMPTS):
        dialog.pin.setText("9999")
        dialog._sign()
        wait_for_all()
    assert "För många fel PIN-koder" in dialog.pin_error.text()
    assert dialog.pin.text() == "" and not dialog.error.isVisibleTo(dialog)
    assert dialog.signed_id is None
