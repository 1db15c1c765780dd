"""The one task runner: results, errors and progress come back on the GUI thread."""

from __future__ import annotations

import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from handledare_app.ui import tasks


def test_result_error_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []
    go_on = threading.Event()

    def work(ctx: tasks.TaskContext) -> int:
        assert threading.get_ident() != gui
        ctx.progress(1, 2)
        assert go_on.wait(5)
        ctx.progress(2, 2)
        return 42

    def fail(_ctx: tasks.TaskContext) -> None:
        raise ValueError("trasig")

    tasks.run_in_background(
        work,
        lambda r: seen.append(("done", r, threading.get_ident() == gui)),
        None,
        lambda d, t: seen.append(("progress", (d, t), threading.get_ident() == gui)),
    )
    tasks.run_in_background(
        fail, None, lambda e: seen.append(("failed", str(e), threading.get_ident() == gui))
    )
    qtbot.waitUntil(lambda: ("progress", (1, 2), True) in seen, timeout=5000)
    go_on.set()
    qtbot.waitUntil(lambda: any(s[0] == "done" for s in seen), timeout=5000)
    assert ("done", 42, True) in seen
    assert ("failed", "trasig", True) in seen
    assert all(on_gui for _kind, _value, on_gui in seen)
    assert tasks.pending() == 0


def test_cancel_is_seen_by_the_worker(qtbot: QtBot) -> None:
    started = threading.Event()
    answers: list[bool] = []

    def work(ctx: tasks.TaskContext) -> str:
        started.set()
        while not ctx.cancelled():
            pass
        answers.append(ctx.progress(1, 10))
        return "avbruten"

    got: list[object] = []
    task = tasks.run_in_background(work, got.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: got == ["avbruten"], timeout=5000)
    assert answers == [False]


def test_run_on_main_from_a_worker(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    ran: list[bool] = []
    tasks.run_in_background(
        lambda _ctx: tasks.run_on_main(lambda: ran.append(threading.get_ident() == gui))
    )
    qtbot.waitUntil(lambda: ran == [True], timeout=5000)


def test_wait_for_all_hands_results_over_at_once(qtbot: QtBot) -> None:
    got: list[int] = []
    for i in range(5):
        tasks.run_in_background(lambda _ctx, i=i: i * i, got.append)
    assert tasks.wait_for_all(5)
    assert sorted(got) == [0, 1, 4, 9, 16]


def test_a_failing_callback_does_not_lose_the_other_results(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tasks finished together are handed over together: one callback raising goes to
    the error hook, and the next task's result still arrives."""
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: hooked.append(exc))
    seen: list[int] = []

    def broken(_result: object) -> None:
        raise ValueError("trasig återuppringning")

    tasks.run_in_background(lambda _ctx: 1, broken)
    tasks.run_in_background(lambda _ctx: 2, seen.append)
    assert tasks.wait_for_all(5)
    assert seen == [2]
    assert [str(e) for e in hooked] == ["trasig återuppringning"]
    assert tasks.pending() == 0
