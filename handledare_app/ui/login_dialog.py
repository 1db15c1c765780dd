"""Logging in: choose your name, type your PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.records import SupervisorInfo
from .errors import user_errors
from .pin_entry import NO_NAME_CHOSEN, PinEntry
from .widgets import heading_label, text_label

if TYPE_CHECKING:
    from ..services.app import App

__all__ = ["NO_NAME_CHOSEN", "LoginDialog", "screenshot_widgets"]


class LoginDialog(QDialog):
    """After `exec()` returns Accepted, `supervisor` is the logged-in supervisor.
    The last person who logged in on this computer is chosen already."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.supervisor: SupervisorInfo | None = None
        self.setWindowTitle("Logga in – Handledarappen")

        workplace = ""
        with user_errors(self):
            workplace = app.setup.workplace().name
        self.entry = PinEntry(app, self)
        self.name_list = self.entry.name_list
        self.pin_edit = self.entry.pin_edit
        self.error_label = self.entry.error_label

        self.buttons = QDialogButtonBox(self)
        self.login_button = QPushButton("&Logga in", self)
        self.login_button.setAccessibleName("Logga in")
        self.login_button.setDefault(True)
        self.quit_button = QPushButton("&Avsluta", self)
        self.quit_button.setAccessibleName("Avsluta")
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        self.entry.ready_changed.connect(self.login_button.setEnabled)
        self.entry.succeeded.connect(self._logged_in)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Logga in", parent=self))
        if workplace:
            layout.addWidget(text_label(workplace, self))
        layout.addWidget(self.entry, 1)
        self.forgot_label = text_label(FORGOT_PIN_TEXT, self)
        self.forgot_label.setAccessibleName("Glömt PIN-koden?")
        layout.addWidget(self.forgot_label)
        layout.addWidget(self.buttons)

        if not self.entry.supervisors:
            self.login_button.setEnabled(False)
        self.setTabOrder(self.pin_edit, self.login_button)
        self.setTabOrder(self.login_button, self.quit_button)
        self.entry.focus_first()
        line = self.fontMetrics().height()
        self.resize(self.fontMetrics().averageCharWidth() * 60, line * 22)

    def selected_id(self) -> str | None:
        return self.entry.selected_id()

    def try_login(self) -> None:
        """Start the PIN check; the dialog accepts when it says yes (see `_logged_in`)."""
        self.entry.submit()

    def _logged_in(self, user: SupervisorInfo) -> None:
        self.supervisor = user
        self.accept()

    def done(self, result: int) -> None:
        self.entry.cancel()  # Avsluta/Escape during a check: its late answer does nothing
        super().done(result)


FORGOT_PIN_TEXT = (
    "Glömt PIN-koden? Be en administratör sätta en ny under Inställningar → Handledare. "
    'Har ingen administratör kvar sin PIN-kod: se "Glömd PIN-kod" i handboken (README).'
)


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    dialog = LoginDialog(app)
    dialog.pin_edit.setText("1234")
    checking = LoginDialog(app)  # while the PIN is checked (the look only, no check runs)
    checking.pin_edit.setText("1234")
    checking.entry._set_checking(True)
    return [("inloggning", dialog), ("inloggning-kontrollerar", checking)]
