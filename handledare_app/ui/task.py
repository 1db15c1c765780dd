"""Long work off the GUI thread, with progress and cancel (DESIGN §3).

`BackgroundTask.start(fn)` runs `fn(progress)` in a worker thread; `progress(done,
total)` reports to the window and answers False once the user pressed Avbryt. The
result or the exception comes back on the GUI thread through Qt signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class BackgroundTask(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        # Cleared before the result is reported, so a slot reacting to it (e.g. asking
        # the user, then starting again) can start the next run at once.
        self._busy = False

    @property
    def running(self) -> bool:
        return self._busy

    def start(self, work: Callable[[Callable[[int, int], bool]], Any]) -> None:
        if self._busy:
            return
        self._busy = True
        self._cancel.clear()

        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self._cancel.is_set()

        def run() -> None:
            try:
                result = work(progress)
            except BaseException as exc:  # reported on the GUI thread, never lost
                self._busy = False
                self.failed.emit(exc)
                return
            self._busy = False
            self.succeeded.emit(result)

        self._thread = threading.Thread(target=run, name="exchange-task", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
