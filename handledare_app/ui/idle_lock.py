"""Idle lock: after the workplace's `idle_lock_minutes` without keyboard or mouse input
the main window hides its content behind a lock screen. The same or another supervisor
unlocks with their PIN; the pages then work as that person."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.records import SupervisorInfo
from .errors import user_errors
from .formatting import roles_text
from .pin_entry import PinEntry
from .widgets import heading_label, text_label

if TYPE_CHECKING:
    from ..services.app import App
    from .main_window import MainWindow

CHECK_INTERVAL_MS = 15_000
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


LOCKED_BY_HAND_TEXT = (
    "Appen är låst. Välj ditt namn och skriv din PIN-kod för att fortsätta. "
    "En annan handledare kan också logga in här."
)


def lock_text(minutes: int | None) -> str:
    """Why the app is locked: idle for `minutes`, or (None) locked by hand with Lås nu;
    a reason the person did not cause would confuse them."""
    if minutes is None:
        return LOCKED_BY_HAND_TEXT
    unit = "minut" if minutes == 1 else "minuter"
    return (
        f"Appen har låsts eftersom ingen har använt den på {minutes} {unit}. "
        "Välj ditt namn och skriv din PIN-kod för att fortsätta. "
        "En annan handledare kan också logga in här."
    )


def logged_out_text(name: str) -> str:
    return f"{name} har loggat ut. Välj ditt namn och skriv din PIN-kod för att logga in."


class LockDialog(QDialog):
    """Modal on top of everything (also on top of a dialog that was open when the app
    locked, which would otherwise block input to the main window). Only a PIN closes it."""

    unlocked = Signal(object)  # SupervisorInfo

    def __init__(
        self,
        app: App,
        user_id: str,
        minutes: int | None,
        parent: QWidget | None = None,
        *,
        logged_out_name: str | None = None,
    ):
        """`minutes`: idle that long (None: locked by hand). `logged_out_name`: shown
        after Logga ut instead, with Logga in on the button."""
        super().__init__(parent)
        logged_out = logged_out_name is not None
        heading = "Utloggad" if logged_out else "Handledarappen är låst"
        self.setWindowTitle(f"{heading} – Handledarappen" if logged_out else heading)
        self.setModal(True)
        self.entry = PinEntry(app, self, preselect_id=user_id)
        button_text = "Logga in" if logged_out else "Lås upp"
        self.unlock_button = QPushButton(button_text.replace("L", "&L", 1), self)
        self.unlock_button.setAccessibleName(button_text)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.entry.ready_changed.connect(self.unlock_button.setEnabled)
        self.entry.succeeded.connect(self._unlocked)
        message = logged_out_text(logged_out_name) if logged_out_name else lock_text(minutes)
        self.message = text_label(message, self)
        box = QVBoxLayout(self)
        box.addWidget(heading_label(heading, parent=self))
        box.addWidget(self.message)
        box.addWidget(self.entry, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        box.addLayout(row)
        line = self.fontMetrics().height()
        self.resize(self.fontMetrics().averageCharWidth() * 64, line * 24)

    def try_unlock(self) -> None:
        """Start the PIN check (off the GUI thread); a right PIN unlocks."""
        self.entry.submit()

    def _unlocked(self, user: SupervisorInfo) -> None:
        self.unlocked.emit(user)
        self.done(QDialog.DialogCode.Accepted)

    def accept(self) -> None:
        self.try_unlock()  # Enter in the PIN field

    def reject(self) -> None:
        """Escape does not unlock."""

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()


class LockedCover(QWidget):
    """What the main window (and any open dialog) shows while locked: no data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Låst")
        box = QVBoxLayout(self)
        box.addStretch(1)
        self.label = QLabel("Handledarappen är låst.", self)
        self.label.setFont(heading_label("").font())
        box.addWidget(self.label)
        self.hint = text_label("Lås upp med din PIN-kod.", self)
        box.addWidget(self.hint)
        box.addStretch(2)


class IdleLock(QObject):
    """Watches input application-wide and locks `window` when idle long enough."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        app: App,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.app = app
        self.clock = clock
        self.last_input = clock()
        self.locked = False
        self.lock_dialog: LockDialog | None = None
        self._covers: list[QWidget] = []
        self._open_dialogs: list[QDialog] = []
        self._disabled_actions: list[QAction] = []
        content = window.takeCentralWidget()
        assert content is not None  # the window always has its pages
        self.content: QWidget = content
        self.stack = QStackedWidget(window)
        self.stack.addWidget(self.content)
        self.cover = LockedCover(self.stack)
        self.stack.addWidget(self.cover)
        window.setCentralWidget(self.stack)
        self.timer = QTimer(self)
        self.timer.setInterval(check_interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.timer.start()
        qt_app = QApplication.instance()
        assert qt_app is not None
        qt_app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in INPUT_EVENTS:
            self.last_input = self.clock()
        return False

    def minutes(self) -> int:
        minutes = 10
        with user_errors(None):
            minutes = self.app.setup.workplace().idle_lock_minutes
        return minutes

    def check_now(self) -> None:
        if self.locked or not self.window.isVisible():
            return
        minutes = self.minutes()
        if self.clock() - self.last_input >= minutes * 60:
            self.lock(minutes)

    def lock(self, minutes: int | None = None, *, logged_out: bool = False) -> None:
        """`minutes`: locked after that long idle; None: by hand (Lås nu), or after Logga
        ut when `logged_out` (the lock screen then says so)."""
        if self.locked:
            return
        self.locked = True
        user = self.window.user
        assert user is not None
        # Open dialogs stay open (closing one would lose what is typed) but are covered.
        self._open_dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w is not cast(QWidget, self.window)
        ]
        for dialog in self._open_dialogs:
            cover = LockedCover(dialog)
            cover.setGeometry(0, 0, max(dialog.width(), 4000), max(dialog.height(), 4000))
            cover.show()
            cover.raise_()
            self._covers.append(cover)
        self._disabled_actions = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self.stack.setCurrentWidget(self.cover)
        self.cover.label.setText("Utloggad." if logged_out else "Handledarappen är låst.")
        self.cover.hint.setText(
            "Logga in med din PIN-kod." if logged_out else "Lås upp med din PIN-kod."
        )
        self.window.user_label.setText("Utloggad" if logged_out else "Låst")
        self.lock_dialog = LockDialog(
            self.app,
            user.id,
            minutes,
            self.window,
            logged_out_name=user.name if logged_out else None,
        )
        self.lock_dialog.unlocked.connect(self.unlock)
        self.lock_dialog.open()
        self.lock_dialog.entry.focus_first()
        self.locked_changed.emit(True)

    def unlock(self, user: SupervisorInfo) -> None:
        if not self.locked:
            return
        same = self.window.user is not None and self.window.user.id == user.id
        for cover in self._covers:
            cover.deleteLater()
        self._covers = []
        for dialog in self._open_dialogs:
            if not same:  # started by someone else: not theirs to finish
                dialog.done(QDialog.DialogCode.Rejected)
        self._open_dialogs = []
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions = []
        self.stack.setCurrentWidget(self.content)
        if self.lock_dialog is not None:
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        self.locked = False
        self.last_input = self.clock()
        self.window.user = user
        self.window.user_label.setText(f"Inloggad: {user.name} ({roles_text(user.roles)})")
        if not same:
            for page in self.window.page_widgets:
                page.set_user(user)
        self.locked_changed.emit(False)

    def stop(self) -> None:
        self.timer.stop()
        qt_app = QApplication.instance()
        if qt_app is not None:
            qt_app.removeEventFilter(self)


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    from .main_window import MainWindow

    window = MainWindow(app, user)
    lock = getattr(window, "idle_lock", None) or IdleLock(window, app)
    lock.lock()
    assert lock.lock_dialog is not None
    lock.lock_dialog.entry.pin_edit.setText("1234")
    return [("lasskarm-fonster", window), ("lasskarm", lock.lock_dialog)]
