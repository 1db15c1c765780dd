"""Dialogs that hold typed input ask before it is thrown away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

DISCARD_TITLE = "Stäng utan att spara?"
DISCARD_TEXT = "Det du har skrivit eller ändrat sparas inte. Vill du stänga ändå?"


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


def unsaved_tabs_text(titles: list[str]) -> str:
    where = titles[0] if titles else ""
    if len(titles) > 1:
        where = ", ".join(titles[:-1]) + " och " + titles[-1]
    noun = "fliken" if len(titles) == 1 else "flikarna"
    return (
        f"Det du har skrivit under {noun} {where} är inte sparat och försvinner om du "
        "lämnar sidan. Lämna sidan ändå?"
    )


def may_discard_tabs(parent: QWidget, titles: list[str]) -> bool:
    """True when no tab holds unsaved text, or the user agrees to lose it."""
    if not titles:
        return True
    answer = QMessageBox.question(
        parent,
        "Osparad text",
        unsaved_tabs_text(titles),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
