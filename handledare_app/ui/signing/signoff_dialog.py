"""Signera modul: a plain-language summary for the participant, their signature, then
the supervisor's signature and PIN. Nothing is saved until both are complete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.signing import SignatureMethod
from ..errors import user_errors, wait_cursor
from ..tasks import wait_for
from ..widgets import ErrorLabel, heading_label, pin_line_edit, text_label
from .signature_input import SignatureInputWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


class SignoffDialog(QDialog):
    def __init__(
        self, app: App, user: SupervisorInfo, enrollment_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.enrollment_id = enrollment_id
        self.signed_id: str | None = None
        self.setWindowTitle("Signera modul")
        self.setAccessibleName("Signera modul")
        progress = app.assessment.enrollment(enrollment_id)
        person = app.participants.get(app.signing.participant_of(enrollment_id))
        title, outcomes, n_evidence = app.signing.summary_lines(enrollment_id)
        self.participant_name = person.name

        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.addWidget(heading_label(f"{person.name}: {title}", parent=body))
        ready = progress.criteria_achieved == progress.criteria_total > 0
        state = (
            f"Alla {progress.criteria_total} kriterier är uppnådda och visade med "
            f"{n_evidence} bevis."
            if ready
            else f"{progress.criteria_achieved} av {progress.criteria_total} kriterier är "
            "uppnådda. Modulen kan signeras först när alla är uppnådda."
        )
        layout.addWidget(text_label(state, body))
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
        summary = "\n".join(f"•  {text}" for text in outcomes)
        self.summary_label = text_label(summary, body)
        self.summary_label.setAccessibleName("Det här har deltagaren visat")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary_label.setFont(font)
        layout.addWidget(self.summary_label)
        layout.addWidget(
            text_label(
                "När ni båda har skrivit under låses bedömningen och bevisen. Efter det kan "
                "bara en administratör öppna signeringen igen.",
                body,
            )
        )

        self.participant_sig = SignatureInputWidget(
            f"Deltagarens signatur ({person.name})",
            person.name,
            allow_paper=True,
            print_sheet=self._print_sheet,
            parent=body,
        )
        layout.addWidget(self.participant_sig)
        self.supervisor_sig = SignatureInputWidget(
            f"Handledarens signatur ({user.name})", user.name, allow_paper=False, parent=body
        )
        layout.addWidget(self.supervisor_sig)
        form = QFormLayout()
        self.pin = pin_line_edit("Din PIN-kod", body)
        form.addRow("Din PIN-kod:", self.pin)
        layout.addLayout(form)
        self.error = ErrorLabel(body)
        layout.addWidget(self.error)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton("Signera", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setAccessibleName("Signera modulen")
        self.sign_button.setEnabled(ready)
        cancel = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("Avbryt")
        buttons.accepted.connect(self._sign)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(buttons)
        outer.addLayout(row)
        line = self.fontMetrics().height()
        self.resize(line * 46, line * 44)

    def _print_sheet(self) -> None:
        from .pdf_preview import PdfPreviewDialog

        with user_errors(self), wait_cursor():
            data = self.app.documents.signing_sheet(self.enrollment_id)
            PdfPreviewDialog(data, "Signeringsblankett", "signeringsblankett.pdf", self).exec()

    def _sign(self) -> None:
        self.error.clear_error()
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
        try:
            user_id, enrollment_id, pin = self.user.id, self.enrollment_id, self.pin.text()
            supervisor, participant = (
                self.supervisor_sig.signature(),
                self.participant_sig.signature(),
            )
            with wait_cursor():  # PIN check (scrypt) and signing off the GUI thread
                info = wait_for(
                    lambda: self.app.signing.sign(
                        user_id,
                        enrollment_id,
                        pin=pin,
                        supervisor=supervisor,
                        participant=participant,
                    )
                )
        except UserError as exc:
            self.error.show_error(exc.full_text())
            self.pin.clear()
            return
        self.signed_id = info.id
        note = ""
        if info.qa_sampled:
            note = " Modulen kom med i stickprovet och granskas av en intern kvalitetssäkrare."
            if self.app.quality.settings().required:
                note += " Intyget är preliminärt tills granskningen är klar."
        QMessageBox.information(
            self, "Signerad", f"{info.module_title} är signerad {info.signed_on.isoformat()}.{note}"
        )
        self.accept()
