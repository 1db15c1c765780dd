"""Kriteriebank: the full error report of a catalogue file that was not read in."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from ..domain.errors import UserError
from .catalogue_guard import named_button
from .widgets import fit_to_screen, heading_label, text_label, text_size


class ImportReportDialog(QDialog):
    """The import's full error report, every error with its place, scrollable."""

    def __init__(self, file_name: str, exc: UserError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Katalogfilen lästes inte in")
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Katalogfilen lästes inte in", 2, self))
        self.summary = text_label(
            f"{exc.message}\nFil: {file_name}. Rätta felen i filen och läs in den igen.",
            self,
            selectable=True,
        )
        self.summary.setAccessibleName("Sammanfattning")
        layout.addWidget(self.summary)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Fellista")
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = [f"{i}. {d}" for i, d in enumerate(exc.details, start=1)] or [exc.message]
        self.report.setPlainText("\n".join(lines))
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox(self)
        self.copy_button = named_button("&Kopiera fellistan", "Kopiera fellistan", self)
        self.close_button = named_button("&Stäng", "Stäng", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)
        fit_to_screen(self, text_size(self, 100, 30))

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.summary.text() + "\n\n" + self.report.toPlainText())
