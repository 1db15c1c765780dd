"""Running slow service calls off the GUI thread (QThreadPool), results back on it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class BackgroundTask(QRunnable):
    """Connect `signals.done` / `signals.failed` to methods of a QObject (not lambdas):
    the call then arrives queued on that object's thread."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the caller keeps it until the result arrived
        self._fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported on the GUI thread, which decides what to show
            if not hasattr(exc, "message"):
                log.exception("background task failed")
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


def start(task: BackgroundTask) -> None:
    QThreadPool.globalInstance().start(task)


def wait_for_all(msecs: int = 30_000) -> bool:
    """For screenshots, tests and shutdown: let running tasks finish."""
    return QThreadPool.globalInstance().waitForDone(msecs)
