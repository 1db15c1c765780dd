"""Arbetsplan: goals, modules from the catalogue, planned activities, review date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.records import EnrollmentProgress, WorkPlanInfo
from ..date_edit import OptionalDateEdit
from ..errors import show_user_error, user_errors
from ..widgets import heading_label, text_label
from .module_picker import ModulePickerDialog
from .tab_base import ScrollingTab

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App

NO_MODULES = "Inga moduler ännu. Välj den första med Lägg till modul."


def enrollment_text(p: EnrollmentProgress) -> str:
    m = p.module
    return (
        f"{m.code} {m.title} ({m.business_area_name}): {p.status.label}, "
        f"{p.criteria_achieved} av {p.criteria_total} kriterier"
    )


class WorkPlanTab(ScrollingTab):
    title = "Arbetsplan"

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

        self.goals_edit = QPlainTextEdit(inner)
        self.goals_edit.setAccessibleName("Mål")
        self.goals_edit.setTabChangesFocus(True)
        self.activities_edit = QPlainTextEdit(inner)
        self.activities_edit.setAccessibleName("Planerade aktiviteter")
        self.activities_edit.setTabChangesFocus(True)
        line = self.fontMetrics().height()
        for edit in (self.goals_edit, self.activities_edit):
            edit.setMinimumHeight(line * 3)
            edit.setMaximumHeight(line * 6)
        self.review_date = OptionalDateEdit(
            "Datum för nästa genomgång",
            "Nästa genomgång",
            None,
            dt.date.today() + dt.timedelta(days=30),
            inner,
        )
        self.save_button = QPushButton("&Spara arbetsplanen", inner)
        self.save_button.setAccessibleName("Spara arbetsplanen")
        self.saved_label = text_label(parent=inner)

        goals_label = QLabel("&Mål:", inner)
        goals_label.setBuddy(self.goals_edit)
        activities_label = QLabel("&Planerade aktiviteter:", inner)
        activities_label.setBuddy(self.activities_edit)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(goals_label, self.goals_edit)
        form.addRow(activities_label, self.activities_edit)
        form.addRow("Nästa genomgång:", self.review_date)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        form.addRow("", save_row)

        box.addWidget(heading_label("Moduler i arbetsplanen", 2, inner))
        self.module_list = QListWidget(inner)
        self.module_list.setAccessibleName("Moduler i arbetsplanen")
        self.module_list.setMinimumHeight(line * 4)
        self.module_list.setMaximumHeight(line * 9)
        self.empty_label = text_label(NO_MODULES, inner)
        self.add_module_button = QPushButton("Lägg till &modul …", inner)
        self.add_module_button.setAccessibleName("Lägg till modul")
        self.remove_module_button = QPushButton("&Ta bort modul …", inner)
        self.remove_module_button.setAccessibleName("Ta bort modul")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_module_button)
        buttons.addWidget(self.remove_module_button)
        buttons.addStretch(1)
        box.addWidget(self.empty_label)
        box.addWidget(self.module_list)
        box.addLayout(buttons)
        box.addWidget(heading_label("Mål och aktiviteter", 2, inner))
        box.addLayout(form)
        box.addStretch(1)

        self.save_button.clicked.connect(self.save)
        self.add_module_button.clicked.connect(self.add_module)
        self.remove_module_button.clicked.connect(self.remove_module)
        self.module_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        for edit in (self.goals_edit, self.activities_edit):
            edit.textChanged.connect(self._edited)
        self.review_date.check.toggled.connect(self._edited)
        self.review_date.edit.dateChanged.connect(self._edited)
        for w in (self.goals_edit, self.activities_edit):
            w.setReadOnly(not editable)
        self.review_date.setEnabled(editable)
        self.enrollments: list[EnrollmentProgress] = []
        self._plan = WorkPlanInfo("", "", None)
        self._update_buttons()

    def refresh(self) -> None:
        with user_errors(self):
            self._plan = self.app.journey.work_plan(self.participant_id)
            self.enrollments = self.app.assessment.participant_progress(self.participant_id)
        self.goals_edit.setPlainText(self._plan.goals)
        self.activities_edit.setPlainText(self._plan.planned_activities)
        self.review_date.set_value(self._plan.review_date)
        self.saved_label.setText("")
        self.module_list.clear()
        for p in self.enrollments:
            item = QListWidgetItem(enrollment_text(p), self.module_list)
            item.setData(Qt.ItemDataRole.UserRole, p.enrollment_id)
        self.empty_label.setVisible(not self.enrollments)
        self._update_buttons()

    def has_unsaved_text(self) -> bool:
        return (
            self.goals_edit.toPlainText().strip() != self._plan.goals
            or self.activities_edit.toPlainText().strip() != self._plan.planned_activities
            or self.review_date.value() != self._plan.review_date
        )

    def _edited(self) -> None:
        self.saved_label.setText("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.editable and self.has_unsaved_text())
        self.add_module_button.setEnabled(self.editable)
        self.remove_module_button.setEnabled(
            self.editable and self.module_list.currentItem() is not None
        )

    def save(self) -> None:
        try:
            self.app.journey.update_work_plan(
                self.user.id,
                self.participant_id,
                goals=self.goals_edit.toPlainText(),
                planned_activities=self.activities_edit.toPlainText(),
                review_date=self.review_date.value(),
            )
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        self.saved_label.setText("Arbetsplanen är sparad.")
        self.changed.emit()

    def make_picker(self) -> ModulePickerDialog:
        return ModulePickerDialog(self.app, {p.module.code for p in self.enrollments}, self)

    def add_module(self) -> None:
        picker = self.make_picker()
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen_code is None:
            return
        unsaved = self.has_unsaved_text()
        goals, activities = self.goals_edit.toPlainText(), self.activities_edit.toPlainText()
        review = self.review_date.value()
        try:
            self.app.journey.enroll(self.user.id, self.participant_id, picker.chosen_code)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        if unsaved:  # typed text survives the reload
            self.goals_edit.setPlainText(goals)
            self.activities_edit.setPlainText(activities)
            self.review_date.set_value(review)
        self.changed.emit()

    def remove_module(self) -> None:
        row = self.module_list.currentRow()
        if not 0 <= row < len(self.enrollments):
            return
        p = self.enrollments[row]
        answer = QMessageBox.question(
            self,
            "Ta bort modul",
            f"Vill du ta bort {p.module.code} {p.module.title} ur arbetsplanen? "
            "Bedömningarna sparas och kommer tillbaka om modulen läggs till igen.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.app.journey.withdraw(self.user.id, p.enrollment_id)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.refresh()
        self.changed.emit()
