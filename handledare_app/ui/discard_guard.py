"""Dialogs that hold typed input ask before it is thrown away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

DISCARD_TITLE = "Stäng utan att spara?"
DISCARD_TEXT = "Det du har skrivit sparas inte. Vill du stänga ändå?"


def may_discard(parent: QWidget, changed: Callable[[], bool]) -> bool:
    """True when nothing was typed, or the user agrees to lose it."""
    if not changed():
        return True
    answer = QMessageBox.question(
        parent,
        DISCARD_TITLE,
        DISCARD_TEXT,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
