"""The left side of the evidence dialog: what and when (type, date, title, description,
witness) and the five quality checks ("Bevisets kvalitet").

The widget only holds and checks the fields; the dialog decides when to load, save and close.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import EvidenceQuality, EvidenceType
from ...domain.records import EvidenceInfo
from ...services.evidence import WITNESS_MAX
from ..widgets import ErrorLabel, text_label

# One line each: what the supervisor asks themself before ticking the box.
QUALITY_HELP: dict[EvidenceQuality, str] = {
    EvidenceQuality.VALID: "Beviset visar just det som kriterierna beskriver.",
    EvidenceQuality.AUTHENTIC: "Det är deltagarens eget arbete.",
    EvidenceQuality.RELIABLE: "En annan bedömare skulle se samma sak.",
    EvidenceQuality.CURRENT: "Det är nytt nog för att kunnandet ska finnas kvar.",
    EvidenceQuality.SUFFICIENT: "Det räcker för att visa kriterierna, gärna flera gånger.",
}
TITLE_MAX = 200


def _to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class EvidenceDetailsWidget(QWidget):
    """The form and the quality group, in tab order: type, date, title, description,
    witness name and role, then the quality boxes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # --- what and when ----------------------------------------------------------
        self.type_combo = QComboBox(self)
        self.type_combo.setAccessibleName("Typ av bevis")
        for t in EvidenceType:
            self.type_combo.addItem(t.label, t.value)
        self.date_edit = QDateEdit(self)
        self.date_edit.setAccessibleName("Datum")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(_to_qdate(dt.date.today()))
        inner_edit = self.date_edit.findChild(QLineEdit)
        if inner_edit is not None:
            inner_edit.setAccessibleName("Datum")
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Rubrik")
        self.title_edit.setPlaceholderText("Till exempel: Prismärkte och sorterade en kasse")
        self.title_error = ErrorLabel(self)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName("Beskrivning")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText("Vad gjorde deltagaren, hur, och vad visar det?")
        self.description_edit.setMinimumHeight(self.fontMetrics().height() * 4)
        self.witness_name_edit = QLineEdit(self)
        self.witness_name_edit.setAccessibleName("Vittnets namn")
        self.witness_role_edit = QLineEdit(self)
        self.witness_role_edit.setAccessibleName("Vittnets roll")
        self.witness_role_edit.setPlaceholderText("Till exempel: butikschef, kollega")
        self.witness_error = ErrorLabel(self)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow(self._label("Ty&p:", self.type_combo), self.type_combo)
        self.form.addRow(self._label("&Datum:", self.date_edit), self.date_edit)
        self.form.addRow(self._label("&Rubrik:", self.title_edit), self.title_edit)
        self.form.addRow("", self.title_error)
        self.form.addRow(self._label("&Beskrivning:", self.description_edit), self.description_edit)
        self.form.addRow(
            self._label("&Vittnets namn:", self.witness_name_edit), self.witness_name_edit
        )
        self.form.addRow(
            self._label("Vittnets r&oll:", self.witness_role_edit), self.witness_role_edit
        )
        self.form.addRow("", self.witness_error)

        # --- quality ----------------------------------------------------------------
        self.quality_boxes: dict[EvidenceQuality, QCheckBox] = {}
        quality_group = QGroupBox("Bevisets kvalitet", self)
        grid = QGridLayout(quality_group)
        for row, q in enumerate(EvidenceQuality):
            box = QCheckBox(q.label, quality_group)
            box.setAccessibleName(q.label)
            box.setAccessibleDescription(QUALITY_HELP[q])
            box.setToolTip(QUALITY_HELP[q])
            help_label = text_label(QUALITY_HELP[q], quality_group)
            help_label.setBuddy(box)
            grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(help_label, row, 1)
            self.quality_boxes[q] = box
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(quality_group)
        layout.addStretch(1)

        self.title_edit.textEdited.connect(lambda _t: self.title_error.clear_error())
        for edit in (self.witness_name_edit, self.witness_role_edit):
            edit.textEdited.connect(lambda _t: self.witness_error.clear_error())

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def set_read_only(self) -> None:
        for edit in (self.title_edit, self.witness_name_edit, self.witness_role_edit):
            edit.setReadOnly(True)
        self.description_edit.setReadOnly(True)
        for w in (self.type_combo, self.date_edit):
            w.setEnabled(False)
        for box in self.quality_boxes.values():
            box.setEnabled(False)

    def evidence_type(self) -> EvidenceType:
        return EvidenceType(self.type_combo.currentData())

    def set_evidence_type(self, evidence_type: EvidenceType) -> None:
        self.type_combo.setCurrentIndex(list(EvidenceType).index(evidence_type))

    def load(self, evidence: EvidenceInfo | None) -> None:
        if evidence is None:
            self.date_edit.setDate(_to_qdate(dt.date.today()))
            return
        self.set_evidence_type(evidence.type)
        # A date after today (another computer's clock) must not be clamped silently.
        if evidence.date > dt.date.today():
            self.date_edit.setMaximumDate(_to_qdate(evidence.date))
        self.date_edit.setDate(_to_qdate(evidence.date))
        self.title_edit.setText(evidence.title)
        self.description_edit.setPlainText(evidence.description)
        self.witness_name_edit.setText(evidence.witness_name)
        self.witness_role_edit.setText(evidence.witness_role)
        for q, box in self.quality_boxes.items():
            box.setChecked(q in evidence.quality)

    def checked_quality(self) -> list[EvidenceQuality]:
        return [q for q, box in self.quality_boxes.items() if box.isChecked()]

    def state(self) -> tuple[object, ...]:
        """What the supervisor can change here, to tell whether anything was."""
        return (
            self.evidence_type(),
            self.date_edit.date(),
            self.title_edit.text().strip(),
            self.description_edit.toPlainText().strip(),
            self.witness_name_edit.text().strip(),
            self.witness_role_edit.text().strip(),
            frozenset(self.checked_quality()),
        )

    def values(self) -> dict[str, object]:
        """The fields as the evidence service takes them (no witness unless the type has one)."""
        needs_witness = self.evidence_type().needs_witness
        return {
            "type": self.evidence_type(),
            "date": _from_qdate(self.date_edit.date()),
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "witness_name": self.witness_name_edit.text() if needs_witness else "",
            "witness_role": self.witness_role_edit.text() if needs_witness else "",
            "quality": self.checked_quality(),
        }

    def show_witness_rows(self) -> None:
        """The witness rows only for a type that has a witness."""
        needs = self.evidence_type().needs_witness
        for w in (self.witness_name_edit, self.witness_role_edit):
            self.form.setRowVisible(w, needs)
        self.form.setRowVisible(self.witness_error, needs and bool(self.witness_error.text()))

    def check_fields(self) -> QWidget | None:
        """Inline errors next to the fields; returns the first field to fix."""
        first: QWidget | None = None
        title = self.title_edit.text().strip()
        if not title:
            self.title_error.show_error("Ge beviset en kort rubrik.")
            first = self.title_edit
        elif len(title) > TITLE_MAX:  # no cut while typing or pasting: say it and keep it
            self.title_error.show_error(_too_long("Rubriken", len(title), TITLE_MAX))
            first = self.title_edit
        needs_witness = self.evidence_type().needs_witness
        name = self.witness_name_edit.text().strip()
        role = self.witness_role_edit.text().strip()
        problem: tuple[str, QWidget] | None = None
        if needs_witness and not name:
            problem = ("Ett vittnesutlåtande behöver vittnets namn.", self.witness_name_edit)
        elif needs_witness and len(name) > WITNESS_MAX:  # hidden fields are not saved
            problem = (_too_long("Vittnets namn", len(name), WITNESS_MAX), self.witness_name_edit)
        elif needs_witness and len(role) > WITNESS_MAX:
            problem = (_too_long("Vittnets roll", len(role), WITNESS_MAX), self.witness_role_edit)
        if problem is not None:
            self.witness_error.show_error(problem[0])
            self.form.setRowVisible(self.witness_error, True)
            first = first or problem[1]
        return first


def _too_long(what: str, length: int, most: int) -> str:
    return f"{what} har {length} tecken, men högst {most} får plats. Korta texten."
