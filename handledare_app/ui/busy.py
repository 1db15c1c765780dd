"""Slow work started by a button, without a local event loop (issue 14): the widgets that
could start it again are disabled and show a busy cursor while the work runs on the task
runner; the GUI thread stays in the main event loop, so input is handled meanwhile.

    run_busy([button], owner, work, on_done, on_user_error)

`work()` runs on a worker; `on_done(result)` runs on the GUI thread after the widgets are
enabled again. A `UserError` goes to `on_user_error` (default: a Swedish message box
parented to `owner`); anything else is re-raised on the GUI thread, where the window's
excepthook shows the Swedish "Något gick fel" text. When `owner` has been deleted before
the result arrives, nothing is shown (the runner drops callbacks on deleted widgets).

`on_done` and `on_user_error` run from the main event loop, not inside the runner's
hand-over (`later`): a message box they show runs its own modal loop, which inside the
hand-over would re-enter it (results of other tasks handed over from within a hand-over)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from ..domain.errors import UserError
from . import tasks
from .errors import show_user_error


class Busy:
    """Disable widgets (remembering which were disabled already) and show a busy cursor
    on `owner`; `finish()` puts both back."""

    def __init__(self, owner: QWidget, widgets: Sequence[QWidget]) -> None:
        self.owner = owner
        self.widgets = list(widgets)
        self._was_enabled: list[bool] = []
        self.active = False

    def start(self) -> None:
        self._was_enabled = [
            not w.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled) for w in self.widgets
        ]
        for w in self.widgets:
            w.setEnabled(False)
        self.owner.setCursor(Qt.CursorShape.BusyCursor)
        self.active = True

    def finish(self) -> None:
        if not self.active:
            return
        self.active = False
        for w, enabled in zip(self.widgets, self._was_enabled, strict=True):
            w.setEnabled(enabled)
        self.owner.unsetCursor()


def later(owner: QWidget, fn: Callable[[], object]) -> None:
    """Run `fn()` from the main event loop soon, and not at all once `owner` is deleted."""
    QTimer.singleShot(0, owner, fn)


def run_busy(
    widgets: Sequence[QWidget],
    owner: QWidget,
    work: Callable[[], Any],
    on_done: Callable[[Any], object],
    on_user_error: Callable[[UserError], object] | None = None,
    *,
    on_end: Callable[[], object] | None = None,
    lane: str = "general",
) -> tasks.Task:
    """`on_end()` runs first when the work has ended, whichever way (clear a flag there)."""
    busy = Busy(owner, widgets)
    busy.start()

    def end() -> None:
        if on_end is not None:
            on_end()
        busy.finish()

    def done(result: Any) -> None:
        end()
        later(owner, lambda: on_done(result))

    def failed(exc: BaseException) -> None:
        end()
        if not isinstance(exc, UserError):
            raise exc
        if on_user_error is not None:
            later(owner, lambda: on_user_error(exc))
        else:
            later(owner, lambda: show_user_error(owner, exc))

    return tasks.run_in_background(lambda _ctx: work(), done, failed, lane=lane)
