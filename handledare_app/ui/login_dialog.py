"""Logging in: choose your name, type your PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.records import SupervisorInfo
from .errors import user_errors
from .widgets import ErrorLabel, heading_label, pin_line_edit, text_label

if TYPE_CHECKING:
    from ..services.app import App


NO_NAME_CHOSEN = "Välj ditt namn i listan."


class LoginDialog(QDialog):
    """After `exec()` returns Accepted, `supervisor` is the logged-in supervisor."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.supervisor: SupervisorInfo | None = None
        self.setWindowTitle("Logga in – Handledarappen")

        workplace = ""
        with user_errors(self):
            workplace = app.setup.workplace().name
        supervisors: list[SupervisorInfo] = []
        with user_errors(self):
            supervisors = app.supervisors.list()

        self.name_list = QListWidget(self)
        self.name_list.setAccessibleName("Välj ditt namn")
        self.name_list.setSpacing(max(2, self.fontMetrics().height() // 4))
        for sup in supervisors:
            item = QListWidgetItem(sup.name, self.name_list)
            item.setData(Qt.ItemDataRole.UserRole, sup.id)
        self.pin_edit = pin_line_edit("PIN-kod", self)
        self.error_label = ErrorLabel(self)

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

        name_label = QLabel("&Välj ditt namn:", self)
        name_label.setBuddy(self.name_list)
        pin_label = QLabel("&PIN-kod:", self)
        pin_label.setBuddy(self.pin_edit)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Logga in", parent=self))
        if workplace:
            layout.addWidget(text_label(workplace, self))
        layout.addWidget(name_label)
        layout.addWidget(self.name_list, 1)
        layout.addWidget(pin_label)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if not supervisors:
            self.error_label.show_error(
                "Det finns ingen aktiv handledare. Kontakta den som administrerar appen."
            )
            self.login_button.setEnabled(False)
        elif len(supervisors) == 1:
            self.name_list.setCurrentRow(0)
        self.name_list.itemActivated.connect(lambda _item: self.pin_edit.setFocus())
        self.pin_edit.textEdited.connect(lambda _text: self.error_label.clear_error())
        self.setTabOrder(self.name_list, self.pin_edit)
        self.setTabOrder(self.pin_edit, self.login_button)
        self.setTabOrder(self.login_button, self.quit_button)
        if len(supervisors) == 1:
            self.pin_edit.setFocus()
        else:
            self.name_list.setFocus()
        line = self.fontMetrics().height()
        self.resize(self.fontMetrics().averageCharWidth() * 60, line * 22)

    def selected_id(self) -> str | None:
        item = self.name_list.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def try_login(self) -> None:
        supervisor_id = self.selected_id()
        if supervisor_id is None:
            self.error_label.show_error(NO_NAME_CHOSEN)
            self.name_list.setFocus()
            return
        try:
            self.supervisor = self._app.supervisors.login(supervisor_id, self.pin_edit.text())
        except UserError as exc:
            self.error_label.show_error(exc.message)
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            return
        self.accept()
