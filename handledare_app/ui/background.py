"""Run one service call off the GUI thread and hand its result back on the GUI thread.

The window stays responsive (a busy indicator keeps moving) while an import or an
export reads, validates and writes; the result or the exception arrives through
`done`/`failed` callbacks called from a GUI-thread timer, never from the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

POLL_MS = 30


class BackgroundCall(QObject):
    def __init__(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._done = done
        self._failed = failed
        self._result: dict[str, Any] = {}
        self._thread = threading.Thread(target=self._run, name="background-call", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def _run(self) -> None:
        try:
            self._result["value"] = self._work()
        except BaseException as exc:  # handed to the GUI thread as it is
            self._result["error"] = exc

    def _poll(self) -> None:
        if self._thread.is_alive():
            return
        self._timer.stop()
        self._thread.join()
        error = self._result.get("error")
        if isinstance(error, BaseException):
            self._failed(error)
        else:
            self._done(self._result.get("value"))
