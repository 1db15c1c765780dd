"""The window entry point: `run_gui(data_dir)`."""

from __future__ import annotations

from pathlib import Path

from .errors import gui_excepthook
from .main_window import MainWindow
from .qt_app import create_qapplication
from .startup import UNEXPECTED_START, Startup

__all__ = ["UNEXPECTED_START", "run_gui"]


def run_gui(data_dir: Path) -> int:
    """Show the window, open the data folder on a worker, then wizard or login, all from
    the one main event loop (no local loop, issue 14). Returns the exit code: 0 (also when
    the login is cancelled), 1 for a problem the user can act on, 70 unexpected."""
    qt_app = create_qapplication()
    window = MainWindow()
    window.show()
    startup = Startup(qt_app, window, data_dir)
    startup.begin()
    code = 0
    try:
        with gui_excepthook():
            code = qt_app.exec()
    finally:
        code = startup.finish(code)
    return code
