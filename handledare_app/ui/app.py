"""The window entry point: `run_gui(data_dir)`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ..domain.errors import UserError
from .errors import gui_excepthook
from .main_window import MainWindow
from .qt_app import create_qapplication
from .session import open_session, show_startup_notices
from .startup import open_with_progress

if TYPE_CHECKING:
    from ..services.app import App

log = logging.getLogger(__name__)

UNEXPECTED_START = (
    "Handledarappen kunde inte starta på grund av ett oväntat fel. Dina sparade uppgifter "
    "har inte ändrats. Detaljer finns i loggfilen i datamappen (mappen logs)."
)


def _open_asking(window: MainWindow, data_dir: Path) -> App | None:
    """Open; on a damaged database say what was found and switch to the backup only if
    the user says so (None: they did not)."""
    from ..services.app import DatabaseDamagedError

    try:
        return open_with_progress(window, data_dir)
    except DatabaseDamagedError as exc:
        answer = QMessageBox.question(
            window,
            "Databasen är skadad",
            exc.full_text() + "\n\n" + exc.question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return open_with_progress(window, data_dir, use_backup=True)


def run_gui(data_dir: Path) -> int:
    """Show the window, open the data folder, then wizard or login. Returns the exit code."""
    qt_app = create_qapplication()
    window = MainWindow()
    window.show()
    try:
        app = _open_asking(window, data_dir)
        if app is None:
            window.close()
            return 1
    except UserError as exc:
        QMessageBox.critical(window, "Handledarappen kan inte starta", exc.full_text())
        window.close()
        return 1
    except Exception:
        log.exception("start-up failed")
        QMessageBox.critical(window, "Handledarappen kan inte starta", UNEXPECTED_START)
        window.close()
        return 70
    with app, gui_excepthook():
        show_startup_notices(app, window)
        opened = open_session(app)  # a restore in the wizard reopens in place (issue 11)
        if opened is None:
            window.close()
            return 0
        window.attach(*opened)
        try:
            return qt_app.exec()
        finally:
            # A restore replaces the App (issue 5); the original is closed by `with`.
            if window.app is not None and window.app is not app:
                window.app.close()
