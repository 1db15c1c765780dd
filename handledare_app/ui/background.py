"""Running slow service calls off the GUI thread (QThreadPool), results back on it.

Results are handed over by polling instead of a cross-thread signal: a queued signal
from a pool thread to a Python slot was now and then never delivered (PySide6), which
left a page waiting for ever. A 10 ms GUI-thread timer runs only while tasks are out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer

log = logging.getLogger(__name__)

POLL_MS = 10
Callback = Callable[[Any], object]


class BackgroundTask(QRunnable):
    """`fn` runs on a pool thread; then `on_done(result)` or `on_failed(exception)` runs on
    the GUI thread, unless the object the callback belongs to has been deleted."""

    def __init__(self, fn: Callable[[], Any], on_done: Callback, on_failed: Callback) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the dispatcher keeps it until the result is handed over
        self._fn = fn
        self.on_done = on_done
        self.on_failed = on_failed
        self.finished = threading.Event()
        self.result: Any = None
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.result = self._fn()
        except Exception as exc:  # reported on the GUI thread, which decides what to show
            if not hasattr(exc, "message"):
                log.exception("background task failed")
            self.error = exc
        self.finished.set()

    def deliver(self) -> None:
        callback, value = (
            (self.on_failed, self.error) if self.error is not None else (self.on_done, self.result)
        )
        try:
            callback(value)
        except RuntimeError as exc:
            # The page that asked is gone (shiboken6.isValid proved unreliable here).
            if "already deleted" not in str(exc):
                raise


class _Dispatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.pending: list[BackgroundTask] = []
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.deliver_finished)

    def add(self, task: BackgroundTask) -> None:
        self.pending.append(task)
        if not self.timer.isActive():
            self.timer.start()

    def deliver_finished(self) -> None:
        done: list[BackgroundTask] = []
        waiting: list[BackgroundTask] = []
        for task in self.pending:  # one look per task: it may finish meanwhile
            (done if task.finished.is_set() else waiting).append(task)
        self.pending = waiting
        if not self.pending:
            self.timer.stop()
        for task in done:
            task.deliver()


_dispatcher: _Dispatcher | None = None


def start(task: BackgroundTask) -> None:
    """Start on the global pool. Call on the GUI thread."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    _dispatcher.add(task)
    QThreadPool.globalInstance().start(task)


def wait_for_all(msecs: int = 30_000) -> bool:
    """For screenshots, tests and shutdown: let running tasks finish, then hand their
    results over at once."""
    finished = QThreadPool.globalInstance().waitForDone(msecs)
    if _dispatcher is not None:
        _dispatcher.deliver_finished()
    return finished
