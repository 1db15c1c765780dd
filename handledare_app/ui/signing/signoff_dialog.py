"""Signera modul: a plain-language summary for the participant, their signature, then
the supervisor's signature and PIN. Nothing is saved until both are complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import PinRefused
from ...domain.signing import CriterionEvidence, SignatureMethod
from ...domain.swedish import after_hen_kan
from ..busy import run_busy
from ..errors import expected_error
from ..tasks import run_in_background
from ..widgets import ErrorLabel, fit_to_screen, heading_label, pin_line_edit, text_label
from .signature_input import SignatureInputWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...domain.signing import SignoffInfo
    from ...services.app import App


NO_PIN = "Skriv din PIN-kod för att signera."
SIGNING = "Kontrollerar PIN-koden och sparar signaturen …"


def evidence_text(lines: list[CriterionEvidence]) -> str:
    """Per criterion, the evidence that shows it (the participant reads this too)."""
    out = []
    for line in lines:
        shown = "; ".join(line.evidence) if line.evidence else "SAKNAR BEVIS"
        out.append(f"{line.number}  {line.text}\n      Visas av: {shown}")
    return "\n".join(out)


WHERE_CERTIFICATE = "Intyget skriver du ut på deltagarens sida, fliken Översikt (Intyg …)."


class SignoffDialog(QDialog):
    def __init__(
        self, app: App, user: SupervisorInfo, enrollment_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.enrollment_id = enrollment_id
        self.signed_id: str | None = None
        self._busy = False  # see _set_busy; Avbryt and closing wait while it is True
        self.setWindowTitle("Signera modul")
        self.setAccessibleName("Signera modul")
        progress = app.assessment.enrollment(enrollment_id)
        person = app.participants.get(app.signing.participant_of(enrollment_id))
        title, outcomes, n_evidence = app.signing.summary_lines(enrollment_id)
        self.participant_name = person.name

        outer = QVBoxLayout(self)
        outer.addWidget(heading_label(f"{person.name}: {title}", parent=self))
        lines = app.signing.evidence_per_criterion(enrollment_id)
        bare = [line.number for line in lines if not line.evidence]
        ready = progress.criteria_achieved == progress.criteria_total > 0 and not bare
        if ready:
            state = (
                f"Alla {progress.criteria_total} kriterier är uppnådda och visade med "
                f"{n_evidence} bevis."
            )
        elif bare:
            state = (
                f"Kriterium {', '.join(bare)} saknar bevis. Modulen kan signeras först när "
                "varje kriterium visas med minst ett bevis."
            )
        else:
            state = (
                f"{progress.criteria_achieved} av {progress.criteria_total} kriterier är "
                "uppnådda. Modulen kan signeras först när alla är uppnådda."
            )
        self.state_label = text_label(state, self)
        outer.addWidget(self.state_label)

        # Left: what is signed (scrolls when long). Right: both signatures. Bottom, never
        # scrolled away: the PIN field with its own error line, and the buttons.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        history = [
            s
            for s in app.signing.for_participant(person.id, history=True)
            if s.enrollment_id == enrollment_id
        ]
        if history and history[-1].reopened:
            earlier = history[-1]
            self.reopen_note = text_label(
                f"Signerades {earlier.signed_on.isoformat()} och öppnades igen: "
                f"{earlier.reopen_reason}",
                body,
            )
            self.reopen_note.setStyleSheet("font-weight: bold;")
            layout.addWidget(self.reopen_note)
        layout.addWidget(heading_label("Det här har du visat att du kan:", 2, body))
        summary = "\n".join(f"•  {after_hen_kan(text)}" for text in outcomes)
        self.summary_label = text_label(summary, body)
        self.summary_label.setAccessibleName("Det här har deltagaren visat")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)
        layout.addWidget(heading_label("Bevis per kriterium", 2, body))
        self.evidence_label = text_label(evidence_text(lines), body)
        self.evidence_label.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence_label.setAccessibleName("Bevis per kriterium")
        layout.addWidget(self.evidence_label)
        layout.addWidget(
            text_label(
                "När ni båda har skrivit under låses bedömningen och bevisen. Efter det kan "
                "bara en administratör öppna signeringen igen.",
                body,
            )
        )
        layout.addStretch(1)
        scroll.setWidget(body)

        signatures = QVBoxLayout()
        self.participant_sig = SignatureInputWidget(
            f"Deltagarens signatur ({person.name})",
            person.name,
            allow_paper=True,
            print_sheet=self._print_sheet,
            parent=self,
        )
        signatures.addWidget(self.participant_sig)
        self.supervisor_sig = SignatureInputWidget(
            f"Handledarens signatur ({user.name})", user.name, allow_paper=False, parent=self
        )
        signatures.addWidget(self.supervisor_sig)
        signatures.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(scroll, 1)
        middle.addLayout(signatures, 1)
        outer.addLayout(middle, 1)

        pin_row = QHBoxLayout()
        pin_label = QLabel("Din &PIN-kod:", self)
        self.pin = pin_line_edit("Din PIN-kod", self)
        pin_label.setBuddy(self.pin)
        self.pin.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.pin_error = ErrorLabel(self)  # a wrong PIN is said here, next to the field
        self.pin.textEdited.connect(lambda _t: self.pin_error.clear_error())
        pin_row.addWidget(pin_label)
        pin_row.addWidget(self.pin)
        self.pin_status = QLabel(SIGNING, self)  # while the PIN is checked and signing runs
        self.pin_status.setAccessibleName(SIGNING)
        self.pin_status.hide()
        self.pin_status.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # see _set_busy
        pin_row.addWidget(self.pin_status)
        pin_row.addWidget(self.pin_error, 1)
        pin_row.addStretch(0)  # label and field stay together while no error shows
        outer.addLayout(pin_row)
        self.error = ErrorLabel(self)
        outer.addWidget(self.error)
        for sig in (self.participant_sig, self.supervisor_sig):  # "signaturen är tom" is
            sig.pad.changed.connect(self.error.clear_error)  # stale once someone draws
            sig.group.buttonClicked.connect(lambda _b: self.error.clear_error())

        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton("Signera", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setAccessibleName("Signera modulen")
        self.sign_button.setEnabled(ready)
        self.cancel_button = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName("Avbryt")
        buttons.accepted.connect(self._sign)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        line = self.fontMetrics().height()
        fit_to_screen(self, QSize(line * 60, line * 34))

    def has_signature(self) -> bool:
        """A drawn line or a scanned sheet is work the signers would lose."""
        return any(
            (sig.method() is SignatureMethod.DRAWN and not sig.pad.is_empty())
            or sig.signature().scan_path
            for sig in (self.participant_sig, self.supervisor_sig)
        )

    def reject(self) -> None:
        """Escape, Avbryt and the close button: ask before a drawn signature is lost.
        While the PIN is checked and the signature saved, the dialog stays until it is done
        (one call does both, so the signature may already be saved)."""
        if self._busy:
            return
        if self.signed_id is None and self.has_signature():
            answer = QMessageBox.question(
                self,
                "Avbryta signeringen?",
                "Avbryta signeringen? Signaturerna som har ritats sparas inte.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def _print_sheet(self) -> None:
        """The sheet is rendered on the task runner (the window keeps taking input); its
        preview opens when it is ready, unless this dialog was closed meanwhile."""
        documents, enrollment_id = self.app.documents, self.enrollment_id
        run_busy(
            [self.participant_sig.sheet_button],
            self,
            lambda: documents.signing_sheet(enrollment_id),
            self._show_sheet,
        )

    def _show_sheet(self, data: bytes) -> None:
        from .pdf_preview import PdfPreviewDialog

        if self.isVisible():
            PdfPreviewDialog(data, "Signeringsblankett", "signeringsblankett.pdf", self).exec()

    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        """While the PIN is checked and the signature saved (one call on the task runner):
        the PIN field, Signera and Avbryt rest (Escape and the close button wait), a short
        text says what happens."""
        self._busy = busy
        self.pin_status.setVisible(busy)
        if busy:  # else focus would move on to Avbryt, which Enter presses
            self.pin_status.setFocus()
        self.pin.setEnabled(not busy)
        self.sign_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)  # it would do nothing: reject() waits
        if not busy:
            self.pin.setFocus()

    def _sign(self) -> None:
        """Sign on the task runner: the service checks the PIN (once) and saves the
        signature; the answer comes as a callback."""
        if self.busy():
            return  # a second Enter starts no second check
        self.error.clear_error()
        self.pin_error.clear_error()
        if (
            self.participant_sig.method() is SignatureMethod.DRAWN
            and self.participant_sig.pad.is_empty()
        ):
            self.error.show_error(
                "Deltagarens ritade signatur är tom. Rita namnteckningen i rutan, "
                "eller välj Skriv namnet eller På papper."
            )
            self.participant_sig.pad.setFocus()
            return
        pin = self.pin.text()
        if not pin:
            self._show_pin_refused(PinRefused(NO_PIN))
            return
        signing, user_id, enrollment_id = self.app.signing, self.user.id, self.enrollment_id
        supervisor, participant = self.supervisor_sig.signature(), self.participant_sig.signature()
        self._set_busy(True)  # Avbryt now waits: the signature may be being saved
        run_in_background(
            lambda _ctx: signing.sign(
                user_id, enrollment_id, pin=pin, supervisor=supervisor, participant=participant
            ),
            self._signed,
            self._sign_failed,
        )

    def _show_pin_refused(self, error: PinRefused) -> None:
        """Wrong or missing PIN: said next to the PIN field, where the eye is."""
        self.pin_error.show_error(error.full_text())
        self.pin.clear()
        self.pin.setFocus()

    def _sign_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        error = expected_error(exc)
        if error is None:
            return
        if isinstance(error, PinRefused):
            self._show_pin_refused(error)
            return
        # Anything else (may not sign, module not ready, a scan that cannot be read …).
        self.error.show_error(error.full_text())
        self.pin.clear()

    def _signed(self, info: SignoffInfo) -> None:
        self._set_busy(False)
        self.signed_id = info.id
        note = ""
        if info.qa_sampled:
            note = " Modulen kom med i stickprovet och granskas av en intern kvalitetssäkrare."
            if self.app.quality.settings().required:
                note += " Intyget är preliminärt tills granskningen är klar."
        note += f" {WHERE_CERTIFICATE}"  # the next step, found nowhere near Signera
        QMessageBox.information(
            self, "Signerad", f"{info.module_title} är signerad {info.signed_on.isoformat()}.{note}"
        )
        self.accept()
