"""Kontrollera intyg: type the code (or scan the QR text) and get a plain answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.signing import Verdict, VerificationResult
from ..start_folders import documents_folder
from ..widgets import ErrorLabel, heading_label, scaled_font, text_label

if TYPE_CHECKING:
    from ...services.app import App

COLOURS = {
    Verdict.VALID: "#1e6b33",
    Verdict.REVOKED: "#b3261e",
    Verdict.ALTERED: "#b3261e",
    Verdict.UNKNOWN: "#7a5a00",
}


class VerifyDialog(QDialog):
    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.verification: VerificationResult | None = None
        self.setWindowTitle("Kontrollera intyg")
        self.setAccessibleName("Kontrollera intyg")
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Kontrollera ett intyg", parent=self))
        layout.addWidget(
            text_label(
                "Skriv kontrollkoden som står på intyget (till exempel 7K3QD-M9X2F). Små "
                "bokstäver och koder utan bindestreck går bra. Ett digitalt intyg (.jwt-fil "
                "eller märkesbild) kontrolleras med Kontrollera fil.",
                self,
            )
        )
        row = QHBoxLayout()
        self.code = QLineEdit(self)
        self.code.setAccessibleName("Kontrollkod")
        self.code.setPlaceholderText("XXXXX-XXXXX")
        self.code.returnPressed.connect(self.check)
        row.addWidget(self.code, 1)
        self.check_button = QPushButton("Kontrollera", self)
        self.check_button.setAccessibleName("Kontrollera koden")
        self.check_button.clicked.connect(self.check)
        row.addWidget(self.check_button)
        self.file_button = QPushButton("Kontrollera &fil …", self)
        self.file_button.setAccessibleName("Kontrollera ett digitalt intyg (fil eller märkesbild)")
        self.file_button.setToolTip("Ett digitalt intyg: .jwt- eller .json-fil eller PNG-märke")
        self.file_button.clicked.connect(self.choose_file)
        row.addWidget(self.file_button)
        layout.addLayout(row)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.verdict = QLabel("", self)
        self.verdict.setFont(scaled_font(1.6, bold=True))
        self.verdict.setAccessibleName("Svar")
        layout.addWidget(self.verdict)
        self.details = text_label("", self, selectable=True)
        self.details.setAccessibleName("Förklaring")
        layout.addWidget(self.details)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Stäng")
        close.setAccessibleName("Stäng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.resize(line * 34, line * 20)

    def check(self) -> None:
        self.error.clear_error()
        self.verdict.setText("")
        self.details.setText("")
        try:
            result = self.app.certificates.verify(self.code.text())
        except UserError as exc:
            self.error.show_error(exc.full_text())
            return
        self.show_result(result)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Kontrollera digitalt intyg",
            documents_folder(),
            "Digitala intyg (*.jwt *.json *.png)",
        )
        if path:
            self.check_file(Path(path))

    def check_file(self, path: Path) -> None:
        """An Open Badges 3.0 credential, answered in the same words as a code."""
        self.error.clear_error()
        self.verdict.setText("")
        self.details.setText("")
        try:
            result = self.app.badge_verifier.verify_file(path)
        except UserError as exc:
            self.error.show_error(exc.full_text())
            return
        self.show_result(result)

    def show_result(self, result: VerificationResult) -> None:
        self.verification = result
        self.verdict.setText(f"{result.code}: {result.label.capitalize()}")
        self.verdict.setStyleSheet(f"color: {COLOURS[result.verdict]};")
        lines = [result.explanation]
        if result.participant_name:
            lines.append(f"Deltagare: {result.participant_name}")
        if result.module_titles:
            lines.append("Moduler: " + ", ".join(result.module_titles))
        self.details.setText("\n\n".join(lines))
