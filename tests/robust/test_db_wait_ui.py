"""The status bar says what an edit on the GUI thread waits for, and clears afterwards."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from handledare_app.services.app import App
from handledare_app.ui.db_wait import install_wait_notice


def test_waiting_edit_shows_and_clears_the_notice(qtbot: QtBot, app: App) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    install_wait_notice(window, app)
    assert app.db.on_wait is not None
    app.db.on_wait("importen")
    assert window.statusBar().currentMessage() == "Väntar på att importen blir klar …"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=2000)


def test_background_thread_wait_leaves_the_status_bar_alone(qtbot: QtBot, app: App) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    install_wait_notice(window, app)
    assert app.db.on_wait is not None
    t = threading.Thread(target=app.db.on_wait, args=("importen",))
    t.start()
    t.join(5)
    assert window.statusBar().currentMessage() == ""
