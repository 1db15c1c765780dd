"""Ny deltagare: register a participant with their first placement."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Gender, PlacementType, Referrer, Role, StartStatus
from ..domain.errors import UserError
from ..domain.records import ParticipantDetail, SupervisorInfo
from .date_edit import OptionalDateEdit, date_edit, from_qdate
from .discard_guard import may_discard
from .errors import user_errors
from .followup_widgets import enum_combo
from .widgets import ErrorLabel, heading_label, save_cancel_buttons

if TYPE_CHECKING:
    from ..services.app import App

CONSENT_TEXT = "Deltagaren samtycker till att foton används som bevis"
WAGE_SUBSIDY_TEXT = "Med lönebidrag eller anställningsstöd"


def responsible_choices(app: App) -> list[SupervisorInfo]:
    """Active supervisors who may be responsible for a participant."""
    people: list[SupervisorInfo] = []
    with user_errors(None):
        people = app.supervisors.list()
    return [s for s in people if s.roles & {Role.SUPERVISOR, Role.ADMIN}]


class NewParticipantDialog(QDialog):
    """After Accepted, `created` holds the new participant."""

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.created: ParticipantDetail | None = None
        self.setWindowTitle("Ny deltagare")
        personnummer_enabled = False
        with user_errors(self):
            personnummer_enabled = app.setup.workplace().personnummer_enabled

        self.first_name_edit = QLineEdit(self)
        self.first_name_edit.setAccessibleName("Förnamn")
        self.last_name_edit = QLineEdit(self)
        self.last_name_edit.setAccessibleName("Efternamn")
        self.placement_combo = QComboBox(self)
        self.placement_combo.setAccessibleName("Typ av insats")
        for t in PlacementType:
            self.placement_combo.addItem(t.label, t.value)
        self.referrer_combo = QComboBox(self)
        self.referrer_combo.setAccessibleName("Remitterande")
        for r in Referrer:
            self.referrer_combo.addItem(r.label, r.value)
        today = dt.date.today()
        self.start_edit = date_edit("Startdatum", today, self)
        self.planned_end = OptionalDateEdit(
            "Har ett planerat slutdatum",
            "Planerat slutdatum",
            None,
            today + dt.timedelta(days=182),
            self,
        )
        self.responsible_combo = QComboBox(self)
        self.responsible_combo.setAccessibleName("Ansvarig handledare")
        self.responsible_combo.addItem("Ingen vald ännu", None)
        for s in responsible_choices(app):
            self.responsible_combo.addItem(s.name, s.id)
        self.responsible_combo.setCurrentIndex(max(0, self.responsible_combo.findData(user.id)))
        self.personnummer_edit: QLineEdit | None = None
        if personnummer_enabled:
            self.personnummer_edit = QLineEdit(self)
            self.personnummer_edit.setAccessibleName("Personnummer")
            self.personnummer_edit.setPlaceholderText("ÅÅÅÅMMDD-NNNN")
        self.gender_combo = enum_combo(self, "Kön", list(Gender), Gender.NOT_STATED.value)
        self.start_status_combo = enum_combo(
            self, "Situation vid start", list(StartStatus), None, "Ej angiven"
        )
        self.wage_subsidy_check = QCheckBox(WAGE_SUBSIDY_TEXT, self)
        self.wage_subsidy_check.setAccessibleName(WAGE_SUBSIDY_TEXT)
        self.placement_combo.currentIndexChanged.connect(self._employment_changed)
        self._employment_changed()
        self.consent_check = QCheckBox(CONSENT_TEXT, self)
        self.consent_check.setAccessibleName(CONSENT_TEXT)
        self.error_label = ErrorLabel(self)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Förnamn:", self.first_name_edit)
        form.addRow("&Efternamn:", self.last_name_edit)
        form.addRow("&Kön:", self.gender_combo)
        form.addRow("&Insats:", self.placement_combo)
        form.addRow("&Remitterande:", self.referrer_combo)
        form.addRow("S&tartdatum:", self.start_edit)
        form.addRow("", self.planned_end)
        form.addRow("", self.wage_subsidy_check)
        form.addRow("&Situation vid start:", self.start_status_combo)
        form.addRow("&Ansvarig handledare:", self.responsible_combo)
        if self.personnummer_edit is not None:
            form.addRow("&Personnummer:", self.personnummer_edit)
        form.addRow("", self.consent_check)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Ny deltagare", 2, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._initial = self._values()
        self.first_name_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def _values(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name_edit.text(),
            "last_name": self.last_name_edit.text(),
            # Qt hands enum item data back as plain strings
            "placement_type": PlacementType(self.placement_combo.currentData()),
            "referrer": Referrer(self.referrer_combo.currentData()),
            "start_date": from_qdate(self.start_edit.date()),
            "planned_end_date": self.planned_end.value(),
            "responsible_id": self.responsible_combo.currentData(),
            "personnummer": self.personnummer_edit.text() if self.personnummer_edit else None,
            "photo_consent": self.consent_check.isChecked(),
            "gender": Gender(self.gender_combo.currentData()),
            "start_status": StartStatus(v)
            if (v := self.start_status_combo.currentData())
            else None,
            "wage_subsidy": self.wage_subsidy_check.isEnabled()
            and self.wage_subsidy_check.isChecked(),
        }

    def _employment_changed(self) -> None:
        employment = self.placement_combo.currentData() == PlacementType.EMPLOYMENT.value
        self.wage_subsidy_check.setEnabled(employment)

    def has_changes(self) -> bool:
        return self._values() != self._initial

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field goes on to the next one: after the first name alone it would
        register the participant with the preset Insats and Remitterande, which Ändra
        uppgifter cannot change afterwards. Enter on Spara (or Alt+S) saves."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not isinstance(self.focusWidget(), QPushButton):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        values = self._values()
        if not values["personnummer"]:
            values["personnummer"] = None
        if not self._register_same_name_anyway(values["first_name"], values["last_name"]):
            return
        try:
            self.created = self.app.participants.create(self.user.id, **values)
        except UserError as exc:
            self.error_label.show_error(exc.full_text())
            return
        self.accept()

    def _register_same_name_anyway(self, first_name: str, last_name: str) -> bool:
        """True when nobody has the name yet, or the user says it is someone else."""
        same: list[ParticipantDetail] = []
        with user_errors(self):
            same = self.app.participants.with_name(first_name, last_name)
        if not same:
            return True
        first = same[0]
        since = ""
        if first.current_placement is not None:
            placement = first.current_placement
            since = f" ({placement.type.label.lower()} från {placement.start_date.isoformat()})"
        answer = QMessageBox.question(
            self,
            "Samma namn finns redan",
            f"Det finns redan en deltagare som heter {first.name}{since}. Kommer personen "
            "tillbaka, öppna den deltagaren och starta en ny placering under fliken Avslut. "
            "Är det en annan person med samma namn?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self.created is not None or may_discard(self, self.has_changes):
            super().reject()
