"""The window entry point: `run_gui(data_dir)`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ..domain.errors import UserError
from ..services.app import open_app
from .errors import gui_excepthook
from .main_window import MainWindow
from .qt_app import create_qapplication
from .session import show_startup_notices, start_session


def run_gui(data_dir: Path) -> int:
    """Open the data folder and run the app. Returns the process exit code."""
    qt_app = create_qapplication()
    try:
        app = open_app(data_dir)
    except UserError as exc:
        QMessageBox.critical(None, "Handledarappen kan inte starta", exc.full_text())
        return 1
    with app, gui_excepthook():
        show_startup_notices(app)
        user = start_session(app)
        if user is None:
            return 0
        window = MainWindow(app, user)
        window.show()
        return qt_app.exec()
