"""Open the data folder off the GUI thread while the (already shown) window stays painted.

Importing the services (SQLAlchemy) and opening the database (integrity check,
backup, migrations) takes about a second; doing it after the window is on
screen means the user sees the app at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop

if TYPE_CHECKING:
    from ..services.app import App
    from .main_window import MainWindow


def open_with_progress(window: MainWindow, data_dir: Path, use_backup: bool = False) -> App:
    """`open_app(data_dir)` on the task runner; re-raises its exception here. A local event
    loop keeps the (already shown) window painted until the result is handed over."""
    from . import tasks

    window.set_starting_message("Öppnar och kontrollerar databasen …")
    result: dict[str, object] = {}
    loop = QEventLoop()

    def work(_ctx: tasks.TaskContext) -> App:
        from ..services.app import open_app

        return open_app(data_dir, use_backup=use_backup)

    def done(app: object) -> None:
        result["app"] = app
        loop.quit()

    def failed(exc: BaseException) -> None:  # handed to the GUI thread as it is
        result["error"] = exc
        loop.quit()

    task = tasks.run_in_background(work, done, failed, lane="long")
    if not result:
        loop.exec()
    task.wait()
    error = result.get("error")
    if isinstance(error, BaseException):
        raise error
    app = result["app"]
    window.set_starting_message("Startar …")
    return app  # type: ignore[return-value]
