"""Start-up in the one main event loop (issue 14): the window is shown at once, the data
folder opens on the task runner, and the rest follows as callbacks.

Importing the services (SQLAlchemy) and opening the database (integrity check, backup,
migrations) takes about a second; the window is on screen and takes input meanwhile.
No local event loop: `run_gui` enters `QApplication.exec()` once, `Startup.begin` starts
the open, `_opened` continues (notices, wizard or login, attach) and `_failed` says what
went wrong in Swedish and ends the app with its exit code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..domain.errors import UserError
from . import tasks

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App
    from .main_window import MainWindow

log = logging.getLogger(__name__)

OPENING = "Öppnar och kontrollerar databasen …"
STARTING = "Startar …"
CANNOT_START = "Handledarappen kan inte starta"
UNEXPECTED_START = (
    "Handledarappen kunde inte starta på grund av ett oväntat fel. Dina sparade uppgifter "
    "har inte ändrats. Detaljer finns i loggfilen i datamappen (mappen logs)."
)
EXIT_OK, EXIT_USER, EXIT_UNEXPECTED = 0, 1, 70


def open_folder(data_dir: Path, use_backup: bool) -> App:
    """Runs on a worker: the services are imported there too (the slow part)."""
    from ..services.app import open_app

    return open_app(data_dir, use_backup=use_backup)


def default_session(app: App) -> tuple[App, SupervisorInfo] | None:
    """Wizard or login. A restore in the wizard reopens the folder in place: the App
    returned then replaces `app`, which is closed already."""
    from .session import open_session

    return open_session(app)


class Startup:
    """From a shown, empty window to a logged-in supervisor, driven by callbacks."""

    def __init__(
        self,
        qt_app: QApplication,
        window: MainWindow,
        data_dir: Path,
        *,
        session: Callable[[App], tuple[App, SupervisorInfo] | None] = default_session,
    ) -> None:
        self.qt_app = qt_app
        self.window = window
        self.data_dir = data_dir
        self.session = session
        self.app: App | None = None
        self.task: tasks.Task | None = None
        self.exit_code: int | None = None  # set when start-up ends the app itself
        self.used_backup = False
        self._finished = False  # the event loop has ended: late answers only clean up

    def begin(self, use_backup: bool = False) -> None:
        self.used_backup = use_backup
        self.window.set_starting_message(OPENING)
        data_dir = self.data_dir
        self.task = tasks.run_in_background(
            lambda _ctx: open_folder(data_dir, use_backup),
            self._opened,
            self._failed,
            lane="long",
        )

    def _opened(self, app: App) -> None:
        if self._finished or self.exit_code is not None:
            app.close()  # the window was closed while the folder opened
            return
        self.app = app
        self.window.set_starting_message(STARTING)
        # A fresh call from the event loop, not from inside the runner's hand-over:
        # the wizard and the login dialog are modal and wait for their own PIN checks.
        QTimer.singleShot(0, self._continue)

    def _continue(self) -> None:
        from .session import show_startup_notices

        app = self.app
        if app is None or self._finished:
            return
        try:
            show_startup_notices(app, self.window)
            opened = self.session(app)
        except UserError as exc:  # e.g. a restored folder that cannot be opened
            log.warning("start-up ended after the folder opened: %s", type(exc).__name__)
            QMessageBox.critical(self.window, CANNOT_START, exc.full_text())
            self.end(EXIT_USER)
            return
        except Exception:
            log.exception("start-up failed after the folder opened")
            QMessageBox.critical(self.window, CANNOT_START, UNEXPECTED_START)
            self.end(EXIT_UNEXPECTED)
            return
        if opened is None:
            self.end(EXIT_OK)  # the wizard or the login was cancelled
            return
        self.app, user = opened
        self.window.attach(self.app, user)

    def _failed(self, exc: BaseException) -> None:
        from ..services.app import DatabaseDamagedError

        if self._finished:
            return
        if isinstance(exc, DatabaseDamagedError) and not self.used_backup:
            answer = QMessageBox.question(
                self.window,
                "Databasen är skadad",
                exc.full_text() + "\n\n" + exc.question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.begin(use_backup=True)
            else:
                self.end(EXIT_USER)
            return
        if isinstance(exc, UserError):
            QMessageBox.critical(self.window, CANNOT_START, exc.full_text())
            self.end(EXIT_USER)
            return
        log.error("start-up failed", exc_info=exc)
        QMessageBox.critical(self.window, CANNOT_START, UNEXPECTED_START)
        self.end(EXIT_UNEXPECTED)

    def end(self, code: int) -> None:
        """Close the window and leave the event loop with `code`."""
        self.exit_code = code
        self.window.close()
        self.qt_app.exit(code)

    def finish(self, loop_code: int) -> int:
        """After the event loop: close every App that was opened; the exit code."""
        self._finished = True
        # Closing the last window inside the loop posted a Quit of its own; left queued it
        # would end the next event loop at once (a later dialog, or the next test).
        QCoreApplication.removePostedEvents(self.qt_app, QEvent.Type.Quit)
        task = self.task
        if self.app is None and task is not None and task.wait(120):
            opened = task.result if task.error is None else None
            if opened is not None:  # opened, but the loop ended before it was handed over
                opened.close()
        try:
            # A restore replaces the App (issue 5): close the window's one too.
            replaced = self.window.app
            if replaced is not None and replaced is not self.app:
                replaced.close()
        finally:
            if self.app is not None:
                self.app.close()
        return self.exit_code if self.exit_code is not None else loop_code
