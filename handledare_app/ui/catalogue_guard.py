"""What the Kriteriebank dialogs share: a close that asks before typed work is lost, and
buttons with accessible names."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from .discard_guard import may_discard


def named_button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    return button


class DiscardGuard(QDialog):
    """Cancel, Escape and the window's close button ask before typed work is lost."""

    def has_changes(self) -> bool:
        raise NotImplementedError

    def reject(self) -> None:
        if may_discard(self, self.has_changes):
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() == QDialog.DialogCode.Accepted or not self.has_changes():
            event.accept()
            return
        event.ignore()
        self.reject()
