"""A service call that waits on the test (issue 14): proves the window goes on handling
input while slow work runs on the task runner, and counts how often the work started."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

RELEASE_TIMEOUT_S = 10.0  # a call never released fails the test instead of hanging it


class Blocked:
    """Wraps `fn`: each call counts, waits for `release()`, then runs `fn` or raises `fail`."""

    def __init__(self, fn: Callable[..., Any], fail: BaseException | None = None) -> None:
        self.fn = fn
        self.fail = fail
        self.calls = 0
        self.entered = threading.Event()
        self._release = threading.Event()
        self.threads: list[int] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.threads.append(threading.get_ident())
        self.entered.set()
        if not self._release.wait(RELEASE_TIMEOUT_S):
            raise AssertionError("the blocked call was never released")
        if self.fail is not None:
            raise self.fail
        return self.fn(*args, **kwargs)

    def release(self) -> None:
        self._release.set()


def gui_handles_input(qtbot: QtBot) -> None:
    """While work is out: a timer fires and typing into another widget arrives."""
    assert threading.current_thread() is threading.main_thread()
    fired: list[int] = []
    QTimer.singleShot(0, lambda: fired.append(1))
    qtbot.waitUntil(lambda: fired == [1], timeout=2000)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClicks(other, "abc")
    assert other.text() == "abc"
