"""The one way to run work off the GUI thread (issue 14), in the spirit of Anki's
`run_in_background` / `run_on_main`.

`run_in_background(fn, on_done, on_failed, on_progress)` runs `fn(ctx)` on a worker
thread; `on_done(result)`, `on_failed(exception)` and `on_progress(done, total)` run on
the GUI thread. `run_on_main(fn)` queues a call to the GUI thread from any thread.

Everything crosses to the GUI thread the same way: workers only set plain Python state,
and one GUI-thread timer (running only while work is out) hands it over. No Qt signal
crosses threads: a queued signal from a pool thread to a Python slot was now and then
never delivered in PySide6, which left a page waiting for ever.

Lanes keep kinds of work from starving each other: `general` (reads, saves, PDFs, PIN
checks), `thumbnails` (image decoding, two workers, leaves cores for the rest) and
`long` (two workers: imports, exports, copies, scheduled backups, the start-up open).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger(__name__)

POLL_MS = 10
PROGRESS_INTERVAL_S = 0.1  # at most ten progress updates a second reach the window
LANES = {"general": 4, "thumbnails": 2, "long": 2}


class TaskContext:
    """What the worker sees: report progress, ask whether Avbryt was pressed."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def progress(self, done: int, total: int) -> bool:
        """Report progress; answers False once the task was cancelled."""
        self._task._set_progress(done, total)
        return not self._task.cancelled

    def cancelled(self) -> bool:
        return self._task.cancelled


class Task:
    def __init__(
        self,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], object] | None,
        on_failed: Callable[[BaseException], object] | None,
        on_progress: Callable[[int, int], object] | None,
    ) -> None:
        self._fn = fn
        self.on_done = on_done
        self.on_failed = on_failed
        self.on_progress = on_progress
        self._cancel = threading.Event()
        self.finished = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self._progress: tuple[int, int] | None = None
        self._progress_at = 0.0
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has run (its callbacks come later, on the GUI thread)."""
        return self.finished.wait(timeout)

    def _set_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._progress_at >= PROGRESS_INTERVAL_S:
            self._progress_at = now
            with self._lock:
                self._progress = (done, total)

    def _run(self) -> None:
        try:
            self.result = self._fn(TaskContext(self))
        except BaseException as exc:  # handed to the GUI thread, never lost
            if not hasattr(exc, "message"):
                log.exception("background task failed")
            self.error = exc
        self.finished.set()

    def _take_progress(self) -> tuple[int, int] | None:
        with self._lock:
            p, self._progress = self._progress, None
        return p

    def _deliver(self) -> None:
        if self.error is not None:
            _call(self.on_failed, self.error)
        else:
            _call(self.on_done, self.result)


def _call(callback: Callable[[Any], object] | None, value: Any) -> None:
    """Call a GUI-thread callback. An error it raises goes to the window's error hook
    (logged, said in Swedish) instead of up through the hand-over, where it would cut
    short the hand-over of the other tasks finished at the same time (their results,
    already taken off the pending list, would be lost and their pages wait for ever)."""
    if callback is None:
        return
    try:
        callback(value)
    except Exception as exc:
        # The widget that asked is gone (shiboken6.isValid proved unreliable here):
        # "Internal C++ object … already deleted", "Signal source has been deleted".
        if isinstance(exc, RuntimeError) and "deleted" in str(exc):
            return
        sys.excepthook(type(exc), exc, exc.__traceback__)


def _no_arg(fn: Callable[[], object]) -> Callable[[Any], object]:
    return lambda _value: fn()


def _star(fn: Callable[[int, int], object]) -> Callable[[tuple[int, int]], object]:
    return lambda p: fn(*p)


class _Dispatcher(QObject):
    """Lives on the GUI thread; hands progress, results and queued calls over."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list[Task] = []
        self.calls: list[Callable[[], object]] = []
        self.lock = threading.Lock()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.deliver)

    def add(self, task: Task) -> None:
        self.pending.append(task)
        self._ensure_running()

    def _ensure_running(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def deliver(self) -> None:
        # A fresh timer id first: Qt never fires a timer again while its own slot runs, so
        # a modal dialog opened by a callback below (the login after start-up, a message
        # box) would otherwise hold back every other task's hand-over, PIN checks too.
        self.timer.start()
        with self.lock:
            calls, self.calls = self.calls, []
        for fn in calls:
            _call(_no_arg(fn), None)
        done: list[Task] = []
        waiting: list[Task] = []
        for task in self.pending:  # one look per task: it may finish meanwhile
            progress = task._take_progress()
            if progress is not None and task.on_progress is not None:
                _call(_star(task.on_progress), progress)
            (done if task.finished.is_set() else waiting).append(task)
        self.pending = waiting
        with self.lock:
            idle = not self.pending and not self.calls
        if idle:
            self.timer.stop()
        for task in done:
            task._deliver()


_dispatcher: _Dispatcher | None = None
_executors: dict[str, ThreadPoolExecutor] = {}
_gui_thread: int | None = None


def _get_dispatcher() -> _Dispatcher:
    global _dispatcher, _gui_thread
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
        _gui_thread = threading.get_ident()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(shutdown)
    return _dispatcher


def _executor(lane: str) -> ThreadPoolExecutor:
    ex = _executors.get(lane)
    if ex is None:
        ex = ThreadPoolExecutor(max_workers=LANES[lane], thread_name_prefix=f"task-{lane}")
        _executors[lane] = ex
    return ex


def run_in_background(
    fn: Callable[[TaskContext], Any],
    on_done: Callable[[Any], object] | None = None,
    on_failed: Callable[[BaseException], object] | None = None,
    on_progress: Callable[[int, int], object] | None = None,
    *,
    lane: str = "general",
) -> Task:
    """Start `fn(ctx)` on a worker of `lane`. Call on the GUI thread."""
    task = Task(fn, on_done, on_failed, on_progress)
    _get_dispatcher().add(task)
    _executor(lane).submit(task._run)
    return task


def run_on_main(fn: Callable[[], object]) -> None:
    """Run `fn()` on the GUI thread soon (at once when already there)."""
    if _gui_thread is not None and threading.get_ident() == _gui_thread:
        fn()
        return
    d = _get_dispatcher()
    with d.lock:
        d.calls.append(fn)
    QTimer.singleShot(0, d, d._ensure_running)


def pending() -> int:
    return len(_dispatcher.pending) if _dispatcher is not None else 0


def wait_for_all(timeout_s: float = 30.0) -> bool:
    """For screenshots, tests and shutdown: let the work out finish, then hand its results
    over at once (on the calling GUI thread)."""
    if _dispatcher is None:
        return True
    end = time.monotonic() + timeout_s
    ok = True
    while _dispatcher.pending:
        for task in list(_dispatcher.pending):
            if not task.wait(max(0.0, end - time.monotonic())):
                ok = False
                break
        _dispatcher.deliver()
        if not ok:
            break
    return ok


def shutdown(lane: str | None = None) -> None:
    """Wait for running work and drop what is still queued (before the interpreter exits)."""
    for name in [lane] if lane else list(_executors):
        ex = _executors.pop(name, None)
        if ex is not None:
            ex.shutdown(wait=True, cancel_futures=True)
