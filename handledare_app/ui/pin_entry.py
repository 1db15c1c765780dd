"""Choose your name, type your PIN: the part the login dialog and the lock screen share
(last user remembered on this computer, wrong PINs slowed down)."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..domain.errors import PermissionDenied, UserError
from ..domain.records import SupervisorInfo
from .errors import user_errors
from .pin_throttle import THROTTLE, PinThrottle, too_many_text
from .tasks import wait_for
from .widgets import ErrorLabel, pin_line_edit

if TYPE_CHECKING:
    from ..services.app import App

NO_NAME_CHOSEN = "Välj ditt namn i listan."
NO_SUPERVISORS = "Det finns ingen aktiv handledare. Kontakta den som administrerar appen."
WRONG_PIN = "Fel PIN-kod. Försök igen."


def last_supervisor_id(app: App) -> str | None:
    from ..services.local_settings import LAST_SUPERVISOR

    try:
        return app.local_settings.get(LAST_SUPERVISOR)
    except UserError:
        return None


def remember_supervisor(app: App, supervisor_id: str) -> None:
    from ..services.local_settings import LAST_SUPERVISOR

    with suppress(UserError):  # only a convenience; logging in must not fail over it
        app.local_settings.set(LAST_SUPERVISOR, supervisor_id)


class PinEntry(QWidget):
    blocked_changed = Signal(bool)  # True while the chosen person must wait

    def __init__(
        self,
        app: App,
        parent: QWidget | None = None,
        *,
        preselect_id: str | None = None,
        throttle: PinThrottle = THROTTLE,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.throttle = throttle
        supervisors: list[SupervisorInfo] = []
        with user_errors(self):
            supervisors = app.supervisors.list()
        self.supervisors = supervisors

        self.name_list = QListWidget(self)
        self.name_list.setAccessibleName("Välj ditt namn")
        self.name_list.setSpacing(max(2, self.fontMetrics().height() // 4))
        for sup in supervisors:
            item = QListWidgetItem(sup.name, self.name_list)
            item.setData(Qt.ItemDataRole.UserRole, sup.id)
        self.pin_edit = pin_line_edit("PIN-kod", self)
        self.error_label = ErrorLabel(self)
        name_label = QLabel("&Välj ditt namn:", self)
        name_label.setBuddy(self.name_list)
        pin_label = QLabel("&PIN-kod:", self)
        pin_label.setBuddy(self.pin_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(name_label)
        layout.addWidget(self.name_list, 1)
        layout.addWidget(pin_label)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.error_label)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_block)
        self.name_list.itemActivated.connect(lambda _item: self.pin_edit.setFocus())
        self.name_list.currentRowChanged.connect(lambda _row: self._update_block())
        self.pin_edit.textEdited.connect(lambda _text: self._clear_unless_blocked())
        self.setTabOrder(self.name_list, self.pin_edit)

        if not supervisors:
            self.error_label.show_error(NO_SUPERVISORS)
        wanted = preselect_id or last_supervisor_id(app)
        ids = [s.id for s in supervisors]
        if len(supervisors) == 1:
            self.name_list.setCurrentRow(0)
        elif wanted in ids:
            self.name_list.setCurrentRow(ids.index(wanted))
        if self.selected_id() is not None:
            self.pin_edit.setFocus()
        else:
            self.name_list.setFocus()

    def focus_first(self) -> None:
        (self.pin_edit if self.selected_id() else self.name_list).setFocus()

    def selected_id(self) -> str | None:
        item = self.name_list.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def is_blocked(self) -> bool:
        sid = self.selected_id()
        return sid is not None and self.throttle.remaining(sid) > 0

    def _clear_unless_blocked(self) -> None:
        if not self.is_blocked():
            self.error_label.clear_error()

    def _update_block(self) -> None:
        sid = self.selected_id()
        remaining = self.throttle.remaining(sid) if sid else 0.0
        if remaining > 0:
            self.error_label.show_error(too_many_text(remaining))
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            if self._countdown.isActive():
                self._countdown.stop()
                self.error_label.clear_error()
        self.blocked_changed.emit(remaining > 0)

    def attempt(self) -> SupervisorInfo | None:
        """Check the PIN; the supervisor on success, else None with the reason shown."""
        supervisor_id = self.selected_id()
        if supervisor_id is None:
            self.error_label.show_error(NO_NAME_CHOSEN)
            self.name_list.setFocus()
            return None
        if self.throttle.remaining(supervisor_id) > 0:
            self._update_block()
            return None
        pin = self.pin_edit.text()
        try:
            # scrypt off the GUI thread; the window keeps painting (issue 14)
            user = wait_for(lambda: self.app.supervisors.login(supervisor_id, pin))
        except UserError as exc:
            wait = 0.0
            if isinstance(exc, PermissionDenied) and pin:
                wait = self.throttle.failed(supervisor_id)
            self.error_label.show_error(too_many_text(wait) if wait else exc.message)
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            if wait:
                self._update_block()
            return None
        self.throttle.succeeded(supervisor_id)
        remember_supervisor(self.app, supervisor_id)
        self.pin_edit.clear()
        self.error_label.clear_error()
        return user
