"""Uppföljningar: meetings with date, who took part, notes and next steps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.records import FollowUpInfo
from ..date_edit import date_edit, from_qdate
from ..discard_guard import may_discard
from ..errors import show_user_error, user_errors
from ..formatting import format_date
from ..table_models import RecordTableModel
from ..widgets import ErrorLabel, heading_label, read_only_table, save_cancel_buttons, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App

NO_FOLLOW_UPS = (
    "Inga uppföljningar ännu. Skriv ner det första uppföljningssamtalet med "
    "Ny uppföljning: vilka som deltog, vad ni pratade om och nästa steg."
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class FollowUpTableModel(RecordTableModel[FollowUpInfo]):
    columns = (
        ("Datum", lambda f: format_date(f.date)),
        ("Deltog", lambda f: _one_line(f.attendees)),
        ("Anteckningar", lambda f: _one_line(f.notes)),
        ("Nästa steg", lambda f: _one_line(f.next_steps)),
    )


class FollowUpDialog(QDialog):
    """New (`existing` None) or edit. After Accepted, `saved` is the stored follow-up."""

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        existing: FollowUpInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.existing = existing
        self.saved: FollowUpInfo | None = None
        title = "Ny uppföljning" if existing is None else "Ändra uppföljning"
        self.setWindowTitle(title)
        self.date_edit = date_edit("Datum", existing.date if existing else dt.date.today(), self)
        self.attendees_edit = QLineEdit(existing.attendees if existing else "", self)
        self.attendees_edit.setAccessibleName("Vilka som deltog")
        self.attendees_edit.setPlaceholderText("T.ex. deltagaren, handledaren, handläggaren")
        self.notes_edit = QPlainTextEdit(existing.notes if existing else "", self)
        self.notes_edit.setAccessibleName("Anteckningar")
        self.notes_edit.setTabChangesFocus(True)
        self.next_steps_edit = QPlainTextEdit(existing.next_steps if existing else "", self)
        self.next_steps_edit.setAccessibleName("Nästa steg")
        self.next_steps_edit.setTabChangesFocus(True)
        self.error_label = ErrorLabel(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Datum:", self.date_edit)
        form.addRow("&Vilka deltog:", self.attendees_edit)
        form.addRow("&Anteckningar:", self.notes_edit)
        form.addRow("&Nästa steg:", self.next_steps_edit)
        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(title, 2, self))
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._initial = self._values()
        line = self.fontMetrics().height()
        self.resize(self.fontMetrics().averageCharWidth() * 90, line * 24)

    def _values(self) -> tuple[dt.date, str, str, str]:
        return (
            from_qdate(self.date_edit.date()),
            self.attendees_edit.text(),
            self.notes_edit.toPlainText(),
            self.next_steps_edit.toPlainText(),
        )

    def has_changes(self) -> bool:
        return self._values() != self._initial

    def save(self) -> None:
        date, attendees, notes, next_steps = self._values()
        try:
            if self.existing is None:
                self.saved = self.app.journey.add_follow_up(
                    self.user.id,
                    self.participant_id,
                    date=date,
                    attendees=attendees,
                    notes=notes,
                    next_steps=next_steps,
                )
            else:
                self.saved = self.app.journey.update_follow_up(
                    self.user.id,
                    self.existing.id,
                    date=date,
                    attendees=attendees,
                    notes=notes,
                    next_steps=next_steps,
                )
        except UserError as exc:
            self.error_label.show_error(exc.full_text())
            return
        self.accept()

    def reject(self) -> None:
        if self.saved is not None or may_discard(self, self.has_changes):
            super().reject()


class FollowUpsTab(QWidget):
    changed = Signal()

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.editable = editable
        self.setAccessibleName("Uppföljningar")
        self.model = FollowUpTableModel(self)
        self.content = QStackedWidget(self)
        self.table = read_only_table(self.model, "Uppföljningar", self.content)
        self.table.setWordWrap(True)
        self.empty_label = text_label(NO_FOLLOW_UPS, self.content)
        # At the top, next to Ny uppföljning (as on Bevis), not alone mid-page.
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.content.addWidget(self.table)
        self.content.addWidget(self.empty_label)
        self.add_button = QPushButton("&Ny uppföljning …", self)
        self.add_button.setAccessibleName("Ny uppföljning")
        self.edit_button = QPushButton("Ä&ndra …", self)
        self.edit_button.setAccessibleName("Ändra uppföljningen")
        self.delete_button = QPushButton("Ta &bort …", self)
        self.delete_button.setAccessibleName("Ta bort uppföljningen")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.content, 1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.table.activated.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def refresh(self) -> None:
        rows: list[FollowUpInfo] = []
        with user_errors(self):
            rows = self.app.journey.follow_ups(self.participant_id)
        self.model.set_rows(sorted(rows, key=lambda f: f.date, reverse=True))
        self.content.setCurrentWidget(self.table if rows else self.empty_label)
        self._update_buttons()

    def selected(self) -> FollowUpInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_record(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.editable)
        has = self.selected() is not None
        self.edit_button.setEnabled(self.editable and has)
        self.delete_button.setEnabled(self.editable and has)

    def make_dialog(self, existing: FollowUpInfo | None) -> FollowUpDialog:
        return FollowUpDialog(self.app, self.user, self.participant_id, existing, self)

    def add(self) -> None:
        if self.make_dialog(None).exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()

    def edit(self) -> None:
        current = self.selected()
        if current is None or not self.editable:
            return
        if self.make_dialog(current).exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()

    def delete(self) -> None:
        current = self.selected()
        if current is None:
            return
        answer = QMessageBox.question(
            self,
            "Ta bort uppföljning",
            f"Vill du ta bort uppföljningen från {format_date(current.date)}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.app.journey.delete_follow_up(self.user.id, current.id)
        except UserError as exc:
            show_user_error(self, exc)
        self.refresh()
        self.changed.emit()
