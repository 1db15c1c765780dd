"""Kriteriebank: add a business area (verksamhetsområde), for admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.records import BusinessAreaInfo
from .catalogue_guard import DiscardGuard
from .widgets import (
    ErrorLabel,
    fit_to_screen,
    heading_label,
    save_cancel_buttons,
    text_label,
    text_size,
)

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App


class BusinessAreaDialog(DiscardGuard):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.saved: BusinessAreaInfo | None = None
        self.setWindowTitle("Nytt verksamhetsområde")
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Nytt verksamhetsområde", 2, self))
        layout.addWidget(
            text_label(
                "Koden används i katalogfiler och får bara innehålla a–z, 0–9 och "
                "bindestreck, till exempel ”snickeri”. Namnet är det som visas i appen.",
                self,
            )
        )
        self.code_edit = QLineEdit(self)
        self.code_edit.setAccessibleName("Kod")
        self.code_edit.setMaxLength(32)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Namn")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName("Beskrivning")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        form = QFormLayout()
        form.addRow("&Kod:", self.code_edit)
        form.addRow("&Namn:", self.name_edit)
        form.addRow("&Beskrivning:", self.description_edit)
        layout.addLayout(form)
        self.error_label = ErrorLabel(self)
        layout.addWidget(self.error_label)
        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, text_size(self, 90, 22))

    def has_changes(self) -> bool:
        return any(
            (self.code_edit.text(), self.name_edit.text(), self.description_edit.toPlainText())
        )

    def save(self) -> None:
        try:
            self.saved = self.app.catalogue_edit.add_business_area(
                self.user.id,
                self.code_edit.text(),
                self.name_edit.text(),
                self.description_edit.toPlainText(),
            )
        except UserError as exc:
            self.error_label.show_error(exc.full_text())
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self.accept()
