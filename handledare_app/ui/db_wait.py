"""The window's part of waiting for the database: while an edit on the GUI thread waits
for a running import's write lock, the status bar says so (the import runs off the GUI
thread; the edit waits at most the busy timeout and is then refused in Swedish)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow

from ..services.app import App


def wait_text(what: str) -> str:
    return f"Väntar på att {what} blir klar …"


def install_wait_notice(window: QMainWindow, app: App) -> None:
    gui_thread = threading.get_ident()

    def on_wait(what: str) -> None:
        if threading.get_ident() != gui_thread:
            return  # a background write waits silently; its own task shows progress
        window.statusBar().showMessage(wait_text(what))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        QTimer.singleShot(0, _done)

    def _done() -> None:  # runs when the event loop is back, i.e. the write has finished
        window.statusBar().clearMessage()
        QGuiApplication.restoreOverrideCursor()

    app.db.on_wait = on_wait
