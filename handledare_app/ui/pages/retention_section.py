"""Inställningar → Gallring (issue 15): how long personal data and files are kept after a
participant's last placement ends, what is due now, and one admin action that erases it
(a backup is taken first). Gallra runs on the task runner (backup, erasure, VACUUM):
the section's controls are disabled meanwhile and the window handles input (issue 14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...domain.errors import UserError
from ...domain.swedish import count_text
from ...services.retention import MAX_YEARS
from .. import tasks
from ..busy import run_busy
from ..errors import show_user_error, user_errors
from ..widgets import heading_label, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from ...services.retention import RetentionOutcome

BACKUP_NOTE = (
    "Säkerhetskopior i datamappen som är äldre än gallringstiden tas bort vid gallringen. "
    "Kopior som har flyttats från datorn (USB-minnen, installationskopior) innehåller "
    "fortfarande uppgifterna och måste förstöras för hand."
)


class RetentionSectionWidget(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.user = app, user
        self.years = QSpinBox(self)
        self.years.setRange(0, MAX_YEARS)
        self.years.setSuffix(" år")
        self.years.setAccessibleName("Personuppgifter sparas, år efter avslut")
        self.file_years = QSpinBox(self)
        self.file_years.setRange(0, MAX_YEARS)
        self.file_years.setSuffix(" år")
        self.file_years.setAccessibleName("Foton och filer sparas, år efter avslut")
        for box in (self.years, self.file_years):
            box.setMaximumWidth(self.fontMetrics().horizontalAdvance("00 år") * 3)
            edit = box.findChild(QLineEdit)  # the spin box's own field, for screen readers
            if edit is not None:
                edit.setAccessibleName(box.accessibleName())
        self.save_button = QPushButton("Spara gallringstiden", self)
        self.save_button.setAccessibleName("Spara gallringstiden")
        self.due_label = text_label("", self)
        self.due_label.setAccessibleName("Att gallra")
        self.run_button = QPushButton("&Gallra nu …", self)
        self.run_button.setAccessibleName("Gallra nu")
        form = QFormLayout()
        form.addRow("Personuppgifter sparas:", self.years)
        form.addRow("Foton och filer sparas:", self.file_years)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.run_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Gallring", 2, self))
        layout.addWidget(
            text_label("Räknat från det datum då deltagarens sista placering avslutades.", self)
        )
        layout.addLayout(form)
        layout.addWidget(self.due_label)
        layout.addLayout(row)
        layout.addWidget(text_label(BACKUP_NOTE, self))
        self._task: tasks.Task | None = None  # Gallra running
        self.save_button.clicked.connect(self.save)
        self.run_button.clicked.connect(self.ask_and_run)
        self.refresh()

    @property
    def running(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        if self.running:
            return  # the controls come back when Gallra has ended
        admin = self.user.active and Role.ADMIN in self.user.roles
        for w in (self.years, self.file_years, self.save_button, self.run_button):
            w.setEnabled(admin)
        with user_errors(self):
            policy = self.app.retention.policy()
            self.years.setValue(policy.years)
            self.file_years.setValue(policy.file_years)
            due = self.app.retention.due()
            self.due_label.setText(
                "Inget att gallra just nu." if due.nothing else f"Att gallra: {due.summary}"
            )
            self.run_button.setEnabled(admin and not due.nothing)

    def save(self) -> None:
        with user_errors(self):
            self.app.retention.set_policy(self.user.id, self.years.value(), self.file_years.value())
        self.refresh()

    def ask_and_run(self) -> tasks.Task | None:
        if self.running:
            return None
        with user_errors(self):
            due = self.app.retention.due()
            answer = QMessageBox.question(
                self,
                "Gallra",
                f"{due.summary}\n\nDeltagarnas personuppgifter, bevis, foton och anteckningar "
                "raderas på den här datorn och, vid nästa synkronisering, på de andra. En "
                "säkerhetskopia tas först. Fortsätta?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                app, user_id = self.app, self.user.id
                self.due_label.setText("Gallrar … (en säkerhetskopia tas först)")
                self._task = run_busy(
                    [self.years, self.file_years, self.save_button, self.run_button],
                    self,
                    lambda: app.retention.run(user_id),  # backup, erasure and VACUUM
                    self._done,
                    self._failed,
                    on_end=self._ended,
                )
                return self._task
        self.refresh()
        return None

    def _ended(self) -> None:
        self._task = None

    def _done(self, outcome: RetentionOutcome) -> None:
        self.refresh()
        QMessageBox.information(
            self,
            "Gallra",
            f"Gallrat: {outcome.erased} deltagare, "
            f"{count_text(outcome.files_removed, 'fil', 'filer')} och "
            f"{count_text(outcome.backups_removed, 'gammal säkerhetskopia', 'gamla säkerhetskopior')}.",
        )

    def _failed(self, exc: UserError) -> None:
        self.refresh()
        show_user_error(self, exc)
