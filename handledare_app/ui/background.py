"""Long work off the GUI thread; results always come back on the GUI thread.

Both helpers here are thin shapes over the one task runner (`ui/tasks.py`, issue 14):

- `BackgroundJob`: one job at a time with progress and Avbryt (exports, imports,
  copies, catalogue files), as Qt signals emitted on the GUI thread.
- `BackgroundTask` + `start`: short reads (the participant list, the overview) with
  plain callbacks on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from . import tasks

log = logging.getLogger(__name__)

QT_INT_MAX = 2**31 - 1  # progress bars take a 32-bit int

# work(progress, cancelled): progress(done, total) answers False once Avbryt was pressed,
# so work that reports progress can stop without also polling cancelled().
Work = Callable[[Callable[[int, int], bool], Callable[[], bool]], Any]


class BackgroundJob(QObject):
    """`start(work)` calls `work(progress, cancelled)` on the runner's `long` lane.

    `succeeded(result)` or `failed(exception)` follows, exactly once, in the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: tasks.Task | None = None
        # Cleared before the result is reported, so a slot reacting to it (asking the
        # user, then starting again) can start the next run at once.
        self._busy = False
        self._on_done: Callable[[Any], None] | None = None
        self._on_failed: Callable[[BaseException], None] | None = None

    @property
    def running(self) -> bool:
        return self._busy

    def start(self, work: Work) -> None:
        if self._busy:
            raise RuntimeError("a job is already running")
        self._busy = True
        self._task = tasks.run_in_background(
            lambda ctx: work(ctx.progress, ctx.cancelled),
            self._done,
            self._failed,
            self._progressed,
            lane="long",
        )

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the work has run; its result is handed over by the event loop."""
        if self._task is not None:
            self._task.wait(timeout)

    def _progressed(self, done: int, total: int) -> None:
        while total > QT_INT_MAX:  # byte counts of large copies
            done, total = done // 1024, total // 1024
        self.progressed.emit(done, max(total, 1))

    def call(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run `work()` without progress or cancel; `done`/`failed` run in the GUI thread."""
        self._on_done, self._on_failed = done, failed
        self.start(lambda _progress, _cancelled: work())

    def _done(self, result: object) -> None:
        self._busy = False
        self.succeeded.emit(result)
        if self._on_done is not None:
            self._on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.failed.emit(exc)
        if self._on_failed is not None:
            self._on_failed(exc)


# --- short reads ----------------------------------------------------------------------

Callback = Callable[[Any], object]


class BackgroundTask:
    """`fn` runs on a worker; then `on_done(result)` or `on_failed(exception)` runs on
    the GUI thread, unless the object the callback belongs to has been deleted."""

    def __init__(self, fn: Callable[[], Any], on_done: Callback, on_failed: Callback) -> None:
        self.fn = fn
        self.on_done = on_done
        self.on_failed = on_failed
        self.task: tasks.Task | None = None


def start(task: BackgroundTask) -> None:
    """Start on the runner's general lane. Call on the GUI thread."""
    task.task = tasks.run_in_background(lambda _ctx: task.fn(), task.on_done, task.on_failed)


def wait_for_all(msecs: int = 30_000) -> bool:
    """For screenshots, tests and shutdown: let running work finish, then hand the
    results over at once."""
    return tasks.wait_for_all(msecs / 1000)
