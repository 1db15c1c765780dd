"""Avslut: end the current placement with a date and an outcome, or start a new one."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ...domain.enums import PlacementOutcome, PlacementType, Referrer
from ...domain.errors import UserError
from ...domain.records import ParticipantDetail, PlacementInfo
from ...services.placements import check_end_date
from ..date_edit import OptionalDateEdit, date_edit, from_qdate, to_qdate
from ..errors import user_errors
from ..formatting import format_date
from ..widgets import ErrorLabel, heading_label, text_label
from .tab_base import ScrollingTab
from .type_change_box import TypeChangeBox

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App

CHOOSE_OUTCOME = "Välj vad deltagaren går vidare till …"


def placement_line(p: PlacementInfo) -> str:
    text = f"{p.type.label} via {p.referrer.label}, från {format_date(p.start_date)}"
    if p.end_date is not None:
        text += f" till {format_date(p.end_date)}"
        if p.outcome is not None:
            text += f". Resultat: {p.outcome.label}"
    elif p.wage_subsidy:
        text += ", med lönebidrag eller anställningsstöd"
    if p.end_date is None and p.planned_end_date is not None:
        text += f", planerat slut {format_date(p.planned_end_date)}"
    return text + "."


class ClosureTab(ScrollingTab):
    title = "Avslut"

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__(app, user, participant_id, parent, editable=editable)
        inner = self.inner
        box = self.box
        box.addWidget(heading_label("Placeringar", 2, inner))
        self.history_label = text_label(parent=inner, selectable=True)
        box.addWidget(self.history_label)

        # Ending the current placement
        self.close_group = QGroupBox("Avsluta placeringen", inner)
        self.end_date_edit = date_edit("Slutdatum", dt.date.today(), self.close_group)
        self.outcome_combo = QComboBox(self.close_group)
        self.outcome_combo.setAccessibleName("Vad deltagaren går vidare till")
        self.outcome_combo.addItem(CHOOSE_OUTCOME, None)
        for o in PlacementOutcome:
            self.outcome_combo.addItem(o.label, o.value)
        self.close_button = QPushButton("&Avsluta placeringen …", self.close_group)
        self.close_button.setAccessibleName("Avsluta placeringen")
        self.close_error = ErrorLabel(self.close_group)
        form = QFormLayout(self.close_group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("&Slutdatum:", self.end_date_edit)
        form.addRow("&Går vidare till:", self.outcome_combo)
        form.addRow("", self.close_error)
        form.addRow("", self._left(self.close_button))
        box.addWidget(self.close_group)

        # Changing the placement type (ends the current one, starts the next)
        self.type_change_box = TypeChangeBox(app, user, participant_id, inner)
        self.type_change_box.changed.connect(self._type_changed)
        box.addWidget(self.type_change_box)

        # Starting a new placement after the last one ended
        self.new_group = QGroupBox("Starta en ny placering", inner)
        self.new_type_combo = QComboBox(self.new_group)
        self.new_type_combo.setAccessibleName("Typ av insats")
        for t in PlacementType:
            self.new_type_combo.addItem(t.label, t.value)
        self.new_referrer_combo = QComboBox(self.new_group)
        self.new_referrer_combo.setAccessibleName("Remitterande")
        for r in Referrer:
            self.new_referrer_combo.addItem(r.label, r.value)
        self.new_start_edit = date_edit("Startdatum", dt.date.today(), self.new_group)
        self.new_planned_end = OptionalDateEdit(
            "Har ett planerat slutdatum",
            "Planerat slutdatum",
            None,
            dt.date.today() + dt.timedelta(days=182),
            self.new_group,
        )
        self.new_button = QPushButton("S&tarta ny placering", self.new_group)
        self.new_button.setAccessibleName("Starta ny placering")
        self.new_error = ErrorLabel(self.new_group)
        form2 = QFormLayout(self.new_group)
        form2.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form2.addRow("&Insats:", self.new_type_combo)
        form2.addRow("&Remitterande:", self.new_referrer_combo)
        form2.addRow("Start&datum:", self.new_start_edit)
        form2.addRow("", self.new_planned_end)
        form2.addRow("", self.new_error)
        form2.addRow("", self._left(self.new_button))
        box.addWidget(self.new_group)
        from .certificates_box import CertificatesBox

        # Issue 13: the certificate is where a closing supervisor looks for it.
        self.certificates = CertificatesBox(app, user, participant_id, self.inner)
        box.addWidget(self.certificates)
        box.addStretch(1)

        self.close_button.clicked.connect(self.close_placement)
        self.new_button.clicked.connect(self.start_new)
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self.close_error.clear_error())
        for group in (self.close_group, self.type_change_box, self.new_group):
            group.setEnabled(editable)
        self.detail: ParticipantDetail | None = None

    @staticmethod
    def _left(button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        return row

    def refresh(self) -> None:
        self.certificates.refresh()
        with user_errors(self):
            self.detail = self.app.participants.get(self.participant_id)
        if self.detail is None:
            return
        self.history_label.setText(
            "\n".join(placement_line(p) for p in self.detail.placements) or "Ingen placering."
        )
        current = self.detail.current_placement
        is_open = current is not None and current.end_date is None
        self.close_group.setVisible(is_open)
        self.type_change_box.setVisible(is_open)
        self.type_change_box.set_current(current)
        self.new_group.setVisible(not is_open)
        ends = [x.end_date for x in self.detail.placements if x.end_date is not None]
        if not is_open and ends:
            # A new placement starts the day after the last one ended at the earliest.
            earliest = max(ends) + dt.timedelta(days=1)
            if from_qdate(self.new_start_edit.date()) < earliest:
                self.new_start_edit.setDate(to_qdate(earliest))

    def _type_changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def close_placement(self) -> None:
        value = self.outcome_combo.currentData()
        if not value:
            self.close_error.show_error("Välj vad deltagaren går vidare till.")
            self.outcome_combo.setFocus()
            return
        outcome = PlacementOutcome(value)
        end = from_qdate(self.end_date_edit.date())
        try:  # a mistyped year is said before the question, not after it
            check_end_date(end)
        except UserError as exc:
            self.close_error.show_error(exc.full_text())
            self.end_date_edit.setFocus()
            return
        name = self.detail.name if self.detail else "deltagaren"
        answer = QMessageBox.question(
            self,
            "Avsluta placeringen",
            f"Vill du avsluta placeringen för {name} den {format_date(end)} "
            f"med resultatet {outcome.label.lower()}? Deltagaren hamnar bland de avslutade.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.app.participants.close(self.user.id, self.participant_id, end, outcome)
        except UserError as exc:
            self.close_error.show_error(exc.full_text())
            return
        self.close_error.clear_error()
        self.refresh()
        self.changed.emit()

    def start_new(self) -> None:
        try:
            self.app.participants.start_new_placement(
                self.user.id,
                self.participant_id,
                PlacementType(self.new_type_combo.currentData()),
                Referrer(self.new_referrer_combo.currentData()),
                from_qdate(self.new_start_edit.date()),
                self.new_planned_end.value(),
            )
        except UserError as exc:
            self.new_error.show_error(exc.full_text())
            return
        self.new_error.clear_error()
        self.refresh()
        self.changed.emit()
