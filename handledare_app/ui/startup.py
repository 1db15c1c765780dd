"""Open the data folder off the GUI thread while the (already shown) window stays painted.

Importing the services (SQLAlchemy) and opening the database (integrity check,
backup, migrations) takes about a second; doing it after the window is on
screen means the user sees the app at once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer

if TYPE_CHECKING:
    from ..services.app import App
    from .main_window import MainWindow

_POLL_MS = 15


def open_with_progress(window: MainWindow, data_dir: Path, use_backup: bool = False) -> App:
    """`open_app(data_dir)` in a worker thread; re-raises its exception here."""
    window.set_starting_message("Öppnar och kontrollerar databasen …")
    result: dict[str, object] = {}

    def work() -> None:
        try:
            from ..services.app import open_app

            result["app"] = open_app(data_dir, use_backup=use_backup)
        except BaseException as exc:  # handed to the GUI thread as it is
            result["error"] = exc

    thread = threading.Thread(target=work, name="open-data-folder", daemon=True)
    thread.start()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(_POLL_MS)
    timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
    timer.start()
    if thread.is_alive():
        loop.exec()
    timer.stop()
    thread.join()
    error = result.get("error")
    if isinstance(error, BaseException):
        raise error
    app = result["app"]
    window.set_starting_message("Startar …")
    return app  # type: ignore[return-value]
