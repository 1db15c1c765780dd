"""Long work off the GUI thread, with progress and cancel, results delivered as signals.

The work runs in a Python thread; Qt queues the signals to the receiver's (GUI) thread,
so slots never run concurrently with the window.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.1  # at most ten progress updates a second reach the window

QT_INT_MAX = 2**31 - 1  # progress bars take a 32-bit int

# work(progress, cancelled): progress(done, total) answers False once Avbryt was pressed,
# so work that reports progress can stop without also polling cancelled().
Work = Callable[[Callable[[int, int], bool], Callable[[], bool]], Any]


class BackgroundJob(QObject):
    """`start(work)` calls `work(progress, cancelled)` in a thread.

    `succeeded(result)` or `failed(exception)` follows, exactly once, in the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_progress = 0.0
        # Cleared before the result is reported, so a slot reacting to it (asking the
        # user, then starting again) can start the next run at once.
        self._busy = False
        self._on_done: Callable[[Any], None] | None = None
        self._on_failed: Callable[[BaseException], None] | None = None
        self.succeeded.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @property
    def running(self) -> bool:
        return self._busy

    def start(self, work: Work) -> None:
        if self._busy:
            raise RuntimeError("a job is already running")
        self._busy = True
        self._cancel.clear()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _progress(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            while total > QT_INT_MAX:  # byte counts of large copies
                done, total = done // 1024, total // 1024
            self.progressed.emit(done, max(total, 1))
        return not self._cancel.is_set()

    def call(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run `work()` without progress or cancel; `done`/`failed` run in the GUI thread.

        Plain callables (closures, lambdas) connected straight to a signal emitted from
        another thread would run in that thread, so they are called from this object's
        own methods instead, which Qt queues to the GUI thread."""
        self._on_done, self._on_failed = done, failed
        self.start(lambda _progress, _cancelled: work())

    def _deliver_done(self, result: object) -> None:
        if self._on_done is not None:
            self._on_done(result)

    def _deliver_failed(self, exc: object) -> None:
        if self._on_failed is not None:
            assert isinstance(exc, BaseException)
            self._on_failed(exc)

    def _run(self, work: Work) -> None:
        try:
            result = work(self._progress, self._cancel.is_set)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            if not hasattr(exc, "message"):
                log.exception("background job failed")
            self._busy = False
            self.failed.emit(exc)
            return
        self._busy = False
        self.succeeded.emit(result)
