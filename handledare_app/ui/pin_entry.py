"""Choose your name, type your PIN: the part the login dialog and the lock screen share
(last user remembered on this computer, wrong PINs slowed down by the service's throttle).

The PIN check (scrypt) runs on the task runner and its outcome comes back as a callback
(issue 14): the window keeps taking input meanwhile, the field and the dialog's button
rest, and a second Enter starts no second check."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..domain.errors import UserError
from ..domain.records import SupervisorInfo
from ..services.pin_guard import too_many_text
from .errors import expected_error, user_errors
from .tasks import Task, run_in_background
from .widgets import ErrorLabel, fit_to_screen, pin_line_edit

if TYPE_CHECKING:
    from ..services.app import App

NO_NAME_CHOSEN = "Välj ditt namn i listan."
NO_SUPERVISORS = "Det finns ingen aktiv handledare. Kontakta den som administrerar appen."
WRONG_PIN = "Fel PIN-kod. Försök igen."
CHECKING = "Kontrollerar PIN-koden …"


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


VISIBLE_NAMES = 6  # rows the name list shows without scrolling (more scroll)


class NameList(QListWidget):
    """The names to choose from. Two traps of a plain list are closed here: on focus Qt
    makes the first name *current* without choosing it, which looks chosen (pale
    highlight) but is not, so a PIN typed next is refused with "Välj ditt namn"; and
    digits typed while the list has focus vanish in its type-ahead search. Here the
    list shows no name as chosen until one is, and digits go on to the PIN field."""

    digit_typed = Signal(str)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        item = self.currentItem()
        if item is not None and not item.isSelected():
            self.setCurrentRow(-1)  # arrow keys then start at the first name and choose it

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.digit_typed.emit(text)
            return
        super().keyPressEvent(event)

    def fit_rows(self, rows: int) -> None:
        """Tall enough for `rows` names (at the current font) without scrolling."""
        if self.count() == 0:
            return
        shown = max(1, min(rows, self.count()))
        row = self.sizeHintForRow(0) + 2 * self.spacing()
        self.setMinimumHeight(shown * row + 2 * self.frameWidth() + self.spacing())


class PinEntry(QWidget):
    ready_changed = Signal(bool)  # False while the chosen person must wait or a check runs
    succeeded = Signal(object)  # SupervisorInfo: the PIN was right

    def __init__(
        self,
        app: App,
        parent: QWidget | None = None,
        *,
        preselect_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.checking = False
        self.task: Task | None = None
        self._generation = 0  # a check's result counts only while this is unchanged
        supervisors: list[SupervisorInfo] = []
        with user_errors(self):
            supervisors = app.supervisors.list()
        self.supervisors = supervisors

        self.name_list = NameList(self)
        self.name_list.setAccessibleName("Välj ditt namn")
        self.name_list.setSpacing(max(2, self.fontMetrics().height() // 4))
        for sup in supervisors:
            item = QListWidgetItem(sup.name, self.name_list)
            item.setData(Qt.ItemDataRole.UserRole, sup.id)
        self.name_list.fit_rows(VISIBLE_NAMES)
        self.pin_edit = pin_line_edit("PIN-kod", self)
        self.error_label = ErrorLabel(self)
        self.status_label = QLabel(CHECKING, self)
        self.status_label.setAccessibleName(CHECKING)
        self.status_label.hide()
        # Focus rests here during a check: left to Qt it would move on to Avsluta, and a
        # second Enter would press that.
        self.status_label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
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
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._update_block)
        self.name_list.itemActivated.connect(lambda _item: self.pin_edit.setFocus())
        self.name_list.digit_typed.connect(self._digit_in_list)
        self.error_label.installEventFilter(self)  # its line must not squeeze the list
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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(
            0, self, self._fit_window
        )  # many names: the dialog grows (not once deleted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.error_label and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self, self._fit_window)
        return super().eventFilter(watched, event)

    def _fit_window(self) -> None:
        """Grow the dialog by what this part lacks: the dialog's own minimum leaves out
        its wrapped text, so the name list, the PIN label and an error line would
        overlap instead (seen with an error line, and with many names)."""
        window = self.window()
        own = self.layout()
        if window is self or own is None:
            return
        need = own.totalMinimumSize().height()
        if self.error_label.isVisible():
            need += max(
                0, self.error_label.heightForWidth(self.width()) - self.error_label.height()
            )
        lack = need - self.height()
        if lack <= 0:
            return
        fit_to_screen(window, QSize(window.width(), window.height() + lack))

    def _digit_in_list(self, digit: str) -> None:
        """A PIN typed while the list had focus goes where it belongs."""
        if self.checking:
            return
        self.pin_edit.setFocus()
        self.pin_edit.insert(digit)
        self._clear_unless_blocked()

    def focus_first(self) -> None:
        (self.pin_edit if self.selected_id() else self.name_list).setFocus()

    def selected_id(self) -> str | None:
        item = self.name_list.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def _wait(self, supervisor_id: str) -> float:
        """The service's throttle: seconds before this person may try again."""
        try:
            return self.app.supervisors.pin_wait(supervisor_id)
        except UserError:
            return 0.0  # the check itself says what is wrong

    def is_blocked(self) -> bool:
        sid = self.selected_id()
        return sid is not None and self._wait(sid) > 0

    def is_ready(self) -> bool:
        return not self.checking and not self.is_blocked()

    def _clear_unless_blocked(self) -> None:
        if not self.is_blocked():
            self.error_label.clear_error()

    def _update_block(self) -> None:
        sid = self.selected_id()
        remaining = self._wait(sid) if sid else 0.0
        if remaining > 0:
            self.error_label.show_error(too_many_text(remaining))
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            if self._countdown.isActive():
                self._countdown.stop()
                self.error_label.clear_error()
        self.ready_changed.emit(remaining <= 0 and not self.checking)

    def _set_checking(self, on: bool) -> None:
        self.checking = on
        self.status_label.setVisible(on)
        if on:
            self.status_label.setFocus()
        self.pin_edit.setEnabled(not on)
        self.name_list.setEnabled(not on)
        self.ready_changed.emit(self.is_ready())
        if not on:
            self.pin_edit.setFocus()

    def submit(self) -> None:
        """Start checking the PIN; returns at once. A right PIN emits `succeeded`; a wrong
        one shows why next to the field. Nothing happens while a check already runs."""
        if self.checking:
            return
        supervisor_id = self.selected_id()
        if supervisor_id is None:
            self.error_label.show_error(NO_NAME_CHOSEN)
            self.name_list.setFocus()
            return
        if self._wait(supervisor_id) > 0:
            self._update_block()
            return
        pin, supervisors = self.pin_edit.text(), self.app.supervisors
        self.error_label.clear_error()
        self._generation += 1
        generation = self._generation
        self._set_checking(True)
        self.task = run_in_background(
            lambda _ctx: supervisors.login(supervisor_id, pin),
            lambda user: self._checked(generation, supervisor_id, user),
            lambda exc: self._refused(generation, exc),
        )

    def cancel(self) -> None:
        """Forget a check in flight (the dialog closes): its result will do nothing."""
        self._generation += 1
        self.checking = False

    def _checked(self, generation: int, supervisor_id: str, user: SupervisorInfo) -> None:
        if generation != self._generation:
            return  # closed or cancelled meanwhile: nobody is logged in by a late answer
        self._set_checking(False)
        remember_supervisor(self.app, supervisor_id)
        self.pin_edit.clear()
        self.error_label.clear_error()
        self.succeeded.emit(user)

    def _refused(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_checking(False)
        error = expected_error(exc)
        if error is None:
            return
        self.pin_edit.clear()
        self.pin_edit.setFocus()
        self._update_block()  # a countdown when the service now makes this person wait
        self.error_label.show_error(error.message)
