"""What the Kriteriebank dialogs share: a close that asks before typed work is lost, and
buttons with accessible names."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget

DISCARD_TITLE = "Stänga utan att spara?"
DISCARD_TEXT = "Du har ändringar som inte är sparade. Vill du stänga utan att spara dem?"


def confirm_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        DISCARD_TITLE,
        DISCARD_TEXT,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return bool(answer == QMessageBox.StandardButton.Yes)


def named_button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    return button


class DiscardGuard(QDialog):
    """Cancel, Escape and the window's close button ask before typed work is lost."""

    def has_changes(self) -> bool:
        raise NotImplementedError

    def reject(self) -> None:
        if self.has_changes() and not confirm_discard(self):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() == QDialog.DialogCode.Accepted or not self.has_changes():
            event.accept()
            return
        event.ignore()
        self.reject()
