"""Byt typ av placering: end the current placement and start the next one of another
type (arbetsträning → anställning), as FOLLOWUP.md §1 counts it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ...domain.enums import PlacementOutcome, PlacementType
from ...domain.errors import UserError
from ...domain.records import PlacementInfo
from ..date_edit import date_edit, from_qdate
from ..followup_widgets import enum_combo
from ..widgets import ErrorLabel, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App

WAGE_SUBSIDY_TEXT = "Med lönebidrag eller anställningsstöd"


def confirm_text(current: PlacementInfo | None, new_type: PlacementType, start: dt.date) -> str:
    """The question before the change: what ends, when, and what it counts as."""
    text = f"Byta till {new_type.label.lower()} från {start.isoformat()}?"
    if current is not None:
        ends = (start - dt.timedelta(days=1)).isoformat()
        outcome = (  # as the service counts it
            PlacementOutcome.EMPLOYED_HERE
            if new_type is PlacementType.EMPLOYMENT
            else PlacementOutcome.OTHER_PROGRAMME
        )
        text += (
            f" Placeringen {current.type.label.lower()} avslutas {ends} med resultatet "
            f"{outcome.label.lower()}."
        )
    return text


class TypeChangeBox(QGroupBox):
    """`changed` fires after the change is saved."""

    changed = Signal()

    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__("Byt typ av placering", parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.current: PlacementInfo | None = None
        self.explain = text_label(
            "Den pågående placeringen avslutas dagen före bytet och en ny börjar. Byte till "
            "anställning räknas som Anställd här.",
            self,
        )
        self.type_combo = enum_combo(self, "Ny typ av insats", list(PlacementType), None)
        self.start_edit = date_edit("Bytesdatum", dt.date.today(), self)
        self.wage_subsidy_check = QCheckBox(WAGE_SUBSIDY_TEXT, self)
        self.wage_subsidy_check.setAccessibleName(WAGE_SUBSIDY_TEXT)
        self.button = QPushButton("&Byt placeringstyp …", self)
        self.button.setAccessibleName("Byt placeringstyp")
        self.error = ErrorLabel(self)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.explain)
        form.addRow("Ny &typ:", self.type_combo)
        form.addRow("Gäller &från:", self.start_edit)
        form.addRow("", self.wage_subsidy_check)
        form.addRow("", self.error)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        form.addRow("", row)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.button.clicked.connect(self.change)
        self._type_changed()

    def set_current(self, current: PlacementInfo | None) -> None:
        """Offer every type but the current one; anställning first when not already."""
        self.current = current
        self.type_combo.clear()
        kinds = [t for t in PlacementType if current is None or t is not current.type]
        kinds.sort(key=lambda t: t is not PlacementType.EMPLOYMENT)
        for t in kinds:
            self.type_combo.addItem(t.label, t.value)
        self.error.clear_error()

    def _type_changed(self) -> None:
        employment = self.type_combo.currentData() == PlacementType.EMPLOYMENT.value
        self.wage_subsidy_check.setEnabled(employment)

    def change(self) -> None:
        value = self.type_combo.currentData()
        if not value:
            return
        new_type, start = PlacementType(value), from_qdate(self.start_edit.date())
        # One click used to end the placement (and count an outcome) with no question.
        answer = QMessageBox.question(
            self,
            "Byt placeringstyp",
            confirm_text(self.current, new_type, start),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.app.participants.change_placement_type(
                self.user.id,
                self.participant_id,
                new_type,
                start,
                wage_subsidy=self.wage_subsidy_check.isEnabled()
                and self.wage_subsidy_check.isChecked(),
            )
        except UserError as exc:
            self.error.show_error(exc.full_text())
            return
        self.error.clear_error()
        self.changed.emit()
