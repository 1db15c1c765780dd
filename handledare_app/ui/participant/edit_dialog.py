"""Ändra uppgifter: name, birth year, personnummer (when the workplace has it turned on),
gender, contact details, placement dates and photo consent with its date. Withdrawing consent hides the photos everywhere (the
Deltagarvy and the portfolio read the consent) and offers to delete them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Gender
from ...domain.errors import PersonnummerError, UserError
from ...domain.swedish import count_text
from ..date_edit import OptionalDateEdit, date_edit, from_qdate, to_qdate
from ..discard_guard import may_discard
from ..followup_widgets import enum_combo
from ..widgets import ErrorLabel, fit_to_screen, heading_label, save_cancel_buttons, text_label

if TYPE_CHECKING:
    from ...domain.records import ParticipantDetail, SupervisorInfo
    from ...services.app import App
    from ...services.participant_changes import ParticipantChanges

EDIT_TITLE = "Ändra uppgifter"
CONSENT_TEXT = "Deltagaren samtycker till att foton används som bevis"
NO_BIRTH_YEAR = 1900  # the spin box's "not given" value, shown as "–"
PERSONNUMMER_TIP = "Töm rutan och spara för att ta bort personnumret."


class EditParticipantDialog(QDialog):
    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.saved = False
        d: ParticipantDetail = app.participants.get(participant_id)
        self.detail = d
        self.setWindowTitle(f"{EDIT_TITLE} – {d.name}")
        self.first_name_edit = self._line("Förnamn", d.first_name)
        self.last_name_edit = self._line("Efternamn", d.last_name)
        self.birth_year = QSpinBox(self)
        self.birth_year.setAccessibleName("Födelseår")
        self.birth_year.setRange(NO_BIRTH_YEAR, dt.date.today().year)
        self.birth_year.setSpecialValueText("–")
        self.birth_year.setValue(d.birth_year or NO_BIRTH_YEAR)
        inner = self.birth_year.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName("Födelseår")
        self.personnummer_edit: QLineEdit | None = None
        self.personnummer_error = ErrorLabel(self)
        if _personnummer_enabled(app):  # the setting Ny deltagare follows
            self.personnummer_edit = self._line("Personnummer", d.personnummer or "")
            self.personnummer_edit.setPlaceholderText("ÅÅÅÅMMDD-NNNN")
            self.personnummer_edit.setToolTip(PERSONNUMMER_TIP)
            self.personnummer_edit.textEdited.connect(self.personnummer_error.clear_error)
        self.gender_combo = enum_combo(self, "Kön", list(Gender), d.gender.value)
        self.phone_edit = self._line("Telefon", d.phone)
        self.email_edit = self._line("E-post", d.email)
        placement = d.current_placement
        start = placement.start_date if placement else dt.date.today()
        self.start_edit = date_edit("Startdatum", start, self)
        planned = placement.planned_end_date if placement else None
        self.planned_end = OptionalDateEdit(
            "Har ett planerat slutdatum",
            "Planerat slutdatum",
            planned,
            start + dt.timedelta(days=182),
            self,
        )
        self.consent_check = QCheckBox(CONSENT_TEXT, self)
        self.consent_check.setAccessibleName(CONSENT_TEXT)
        self.consent_check.setChecked(d.photo_consent)
        self.consent_date = date_edit(
            "Datum för samtycket", d.photo_consent_date or dt.date.today(), self
        )
        self.consent_date.setMaximumDate(to_qdate(dt.date.today()))
        self.consent_date.setEnabled(d.photo_consent)
        self.consent_check.toggled.connect(self.consent_date.setEnabled)
        self.consent_note = text_label(
            "Tar du bort samtycket visas deltagarens foton inte längre under Visa för "
            "deltagaren eller i portföljen och skickas inte till andra datorer, och du får "
            "välja om fotona ska tas bort.",
            self,
        )
        self.error_label = ErrorLabel(self)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows: list[tuple[str, QWidget]] = [
            ("&Förnamn:", self.first_name_edit),
            ("&Efternamn:", self.last_name_edit),
            ("F&ödelseår:", self.birth_year),
        ]
        if self.personnummer_edit is not None:
            rows += [("Perso&nnummer:", self.personnummer_edit), ("", self.personnummer_error)]
        rows += [
            ("&Kön:", self.gender_combo),
            ("&Telefon:", self.phone_edit),
            ("E-&post:", self.email_edit),
            ("S&tartdatum:", self.start_edit),
            ("", self.planned_end),
            ("", self.consent_check),
            ("&Samtycke från:", self.consent_date),
            ("", self.consent_note),
        ]
        for label, widget in rows:
            self.form.addRow(label, widget)
        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(heading_label(EDIT_TITLE, 2, self))
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._initial = self._values()
        self.first_name_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 72, self.sizeHint().height())

    def _line(self, name: str, value: str) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setAccessibleName(name)
        return edit

    def _values(self) -> dict[str, Any]:
        year = self.birth_year.value()
        return {
            "first_name": self.first_name_edit.text(),
            "last_name": self.last_name_edit.text(),
            "birth_year": None if year == NO_BIRTH_YEAR else year,
            "personnummer": self.personnummer_edit.text().strip()
            if self.personnummer_edit is not None
            else None,
            "gender": Gender(self.gender_combo.currentData()),
            "phone": self.phone_edit.text(),
            "email": self.email_edit.text(),
            "start_date": from_qdate(self.start_edit.date()),
            "planned_end_date": self.planned_end.value(),
            "consent": self.consent_check.isChecked(),
            "consent_date": from_qdate(self.consent_date.date()),
        }

    def has_changes(self) -> bool:
        return self._values() != self._initial

    def save(self) -> None:
        v = self._values()
        before = self._initial
        dates_changed = (v["start_date"], v["planned_end_date"]) != (
            before["start_date"],
            before["planned_end_date"],
        )
        consent_changed = (v["consent"], v["consent_date"]) != (
            before["consent"],
            before["consent_date"],
        )
        changes: ParticipantChanges = {
            "first_name": v["first_name"],
            "last_name": v["last_name"],
            "birth_year": v["birth_year"],
            "clear_birth_year": v["birth_year"] is None and before["birth_year"] is not None,
            "gender": v["gender"],
            "phone": v["phone"],
            "email": v["email"],
            # Shown only when turned on; empty removes it. Checked as Ny deltagare does.
            "personnummer": v["personnummer"],
        }
        try:  # one transaction: a refused part saves nothing
            self.app.participant_edit.save_details(
                self.user.id,
                self.participant_id,
                changes,
                dates=(v["start_date"], v["planned_end_date"])
                if self.detail.current_placement is not None and dates_changed
                else None,
                consent=(v["consent"], v["consent_date"]) if consent_changed else None,
            )
        except UserError as exc:
            self._show_error(exc)
            return
        self.saved = True
        if before["consent"] and not v["consent"]:
            self._offer_to_delete_photos()
        self.accept()

    def _show_error(self, exc: UserError) -> None:
        """A refused personnummer at its field (the typed text stays), anything else
        under the form."""
        at_field = isinstance(exc, PersonnummerError) and self.personnummer_edit is not None
        self.personnummer_error.show_error(exc.full_text() if at_field else "")
        self.error_label.show_error("" if at_field else exc.full_text())
        if at_field and self.personnummer_edit is not None:
            self.personnummer_edit.setFocus()
        self._fit_height()

    def _fit_height(self) -> None:
        """A message that appeared makes the dialog taller, never cut off."""
        layout = self.main_layout
        layout.activate()
        width = self.width()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        need = max(need, self.sizeHint().height())
        if need > self.height():
            fit_to_screen(self, QSize(width, need))  # never taller than the screen

    def _offer_to_delete_photos(self) -> None:
        n = self.app.participant_edit.photo_count(self.participant_id)
        if n == 0:
            return
        photos = count_text(n, "foto", "foton")
        answer = QMessageBox.question(
            self,
            "Ta bort fotona?",
            f"Samtycket är borttaget, så deltagarens {photos} visas inte längre under Visa för "
            "deltagaren eller i portföljen. Vill du också ta bort fotona från bevisen? Foton i "
            "signerade moduler finns kvar, eftersom signaturen omfattar dem.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            removed, kept = self.app.participant_edit.delete_photos(
                self.user.id, self.participant_id
            )
        except UserError as exc:
            QMessageBox.warning(self, "Fotona togs inte bort", exc.full_text())
            return
        text = f"{count_text(removed, 'foto', 'foton')} togs bort."
        if kept:
            text += f" {kept} i signerade moduler finns kvar."
        QMessageBox.information(self, "Fotona är borttagna", text)

    def reject(self) -> None:
        if self.saved or may_discard(self, self.has_changes):
            super().reject()


def _personnummer_enabled(app: App) -> bool:
    try:
        return app.setup.workplace().personnummer_enabled
    except UserError:
        return False  # not knowing, the field stays hidden: nothing is changed


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    plain = EditParticipantDialog(app, user, participant_id)
    # Personnummer turned on just while the dialog is made, with a mistyped number
    # refused at its field (nothing is saved; the setting is put back).
    was_on = app.setup.workplace().personnummer_enabled
    app.setup.update_workplace(user.id, personnummer_enabled=True)
    try:
        with_pnr = EditParticipantDialog(app, user, participant_id)
        if with_pnr.personnummer_edit is not None:
            with_pnr.personnummer_edit.setText("19811218-9875")
            with_pnr.save()
    finally:
        app.setup.update_workplace(user.id, personnummer_enabled=was_on)
    return [("andra-uppgifter", plain), ("andra-uppgifter-personnummer", with_pnr)]
