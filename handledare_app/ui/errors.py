"""Showing problems: expected ones (`UserError`) with their Swedish text, never a traceback."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..domain.errors import UserError

log = logging.getLogger(__name__)

UNEXPECTED_MESSAGE = (
    "Något gick fel i programmet. Det som redan är sparat finns kvar. "
    "Om felet kommer tillbaka: starta om Handledarappen och kontakta support."
)


def failure_text(exc: object) -> str:
    """What a failed background job says next to its button: a UserError's own Swedish
    text, anything else the general one (the task runner has logged it)."""
    return exc.full_text() if isinstance(exc, UserError) else UNEXPECTED_MESSAGE


def show_user_error(parent: QWidget | None, exc: UserError, title: str = "Det gick inte") -> None:
    QMessageBox.warning(parent, title, exc.full_text())


@contextmanager
def user_errors(parent: QWidget | None, title: str = "Det gick inte") -> Iterator[None]:
    """Run a service call; show a `UserError` in a message box instead of raising it."""
    try:
        yield
    except UserError as exc:
        show_user_error(parent, exc, title)


def expected_error(exc: BaseException) -> UserError | None:
    """For a task's failure callback: `exc` as the UserError to show, or None after
    handing an unexpected error to the window's error hook (logged, said in Swedish)."""
    if isinstance(exc, UserError):
        return exc
    sys.excepthook(type(exc), exc, exc.__traceback__)
    return None


@contextmanager
def wait_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def _gui_excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Last line of defence for exceptions escaping a Qt slot: log it, show Swedish text."""
    parent = QApplication.activeWindow()
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, "Det gick inte", exc.full_text())
        return
    log.error("unexpected error in the window layer", exc_info=(exc_type, exc, tb))
    QMessageBox.critical(parent, "Ett oväntat fel", UNEXPECTED_MESSAGE)


@contextmanager
def gui_excepthook() -> Iterator[None]:
    previous: ExceptHook = sys.excepthook
    sys.excepthook = _gui_excepthook
    try:
        yield
    finally:
        sys.excepthook = previous
