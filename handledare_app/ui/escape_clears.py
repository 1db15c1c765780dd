"""Esc in a search field empties it (found walking the GUI: Esc did nothing in the
participant search, and in a dialog's search field it closed the whole dialog). An
empty field lets Esc through, so a second Esc still closes a dialog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class _EscapeClears(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
            and watched.text()
            and not watched.isReadOnly()
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # ours, not a dialog's or window's shortcut
                return False
            watched.clear()
            return True
        return False


def escape_clears(edit: QLineEdit) -> None:
    """Make Esc empty `edit` while it has text (textChanged fires as for typing)."""
    edit.installEventFilter(_EscapeClears(edit))
