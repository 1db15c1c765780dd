"""ui/busy.py: widgets off while work runs, their own state back after it, and results
handed over from the main event loop (issue 14)."""

from __future__ import annotations

import inspect

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from handledare_app.ui import tasks
from handledare_app.ui.busy import run_busy


def test_widgets_are_off_while_running_and_get_their_own_state_back(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    on, off = QPushButton("a", owner), QPushButton("b", owner)
    off.setEnabled(False)
    results: list[int] = []
    run_busy([on, off], owner, lambda: 7, results.append)
    assert not on.isEnabled() and not off.isEnabled()
    qtbot.waitUntil(lambda: results == [7], timeout=5000)
    assert on.isEnabled() and not off.isEnabled()


def test_on_done_runs_from_the_main_loop_not_inside_the_hand_over(qtbot: QtBot) -> None:
    """A message box in on_done runs a modal loop: not inside the runner's hand-over."""
    owner = QWidget()
    qtbot.addWidget(owner)
    inside: list[bool] = []

    def on_done(_result: object) -> None:
        inside.append(any(f.function == "deliver" for f in inspect.stack()))

    run_busy([], owner, lambda: 1, on_done)
    qtbot.waitUntil(lambda: bool(inside), timeout=5000)
    assert inside == [False]


def test_nothing_runs_for_an_owner_deleted_before_the_result(qtbot: QtBot) -> None:
    owner = QWidget()
    button = QPushButton("a", owner)
    results: list[object] = []
    task = run_busy([button], owner, lambda: 1, results.append)
    shiboken6.delete(owner)
    assert task.wait(5)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)
    QTimer.singleShot(0, lambda: results.append("loop ran"))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == ["loop ran"]
