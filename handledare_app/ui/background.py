"""Long work off the GUI thread; results always come back on the GUI thread.

- `BackgroundJob`: one job at a time with progress and Avbryt (exports, imports,
  copies, catalogue files). The work runs in a Python thread; Qt queues the signals to
  the job's own (GUI-thread) methods, so slots never run concurrently with the window.
- `BackgroundTask` + `start`: many short reads at once on Qt's thread pool (the
  participant list, the overview). Results are handed over by polling instead of a
  cross-thread signal: a queued signal from a pool thread to a Python slot was now and
  then never delivered (PySide6), which left a page waiting for ever. A 10 ms
  GUI-thread timer runs only while tasks are out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

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


# --- short reads on the thread pool -----------------------------------------------

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
