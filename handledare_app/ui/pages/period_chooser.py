"""The period of Statistik and Insamling, in words a supervisor reads ("2026, andra
halvåret (juli–december)") while files, the CLI and the package keep the code (2026H2)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from ...domain.followup import Period, half_year_of, parse_period, previous_half_years
from ..widgets import text_label


def period_in_words(period: Period) -> str:
    """`2026H2` → "2026, andra halvåret (juli–december)", `2026` → "2026, hela året",
    two dates → "2026-01-01 – 2026-03-31"."""
    half = period.half
    if half is not None:
        return f"{period.start.year}, {_HALF_WORDS[half]}"
    if period.label.isdigit():
        return f"{period.label}, hela året"
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


_HALF_WORDS = {1: "första halvåret (januari–juni)", 2: "andra halvåret (juli–december)"}


def period_choices(today: dt.date) -> list[str]:
    """The codes to choose from: the current half-year first, then the seven before it,
    then whole years."""
    halves = [p.label for p in reversed(previous_half_years(half_year_of(today), 8))]
    return [*halves, str(today.year), str(today.year - 1)]


class PeriodChooser(QWidget):
    """An editable combo of half-years and years in words (each item keeps its code as
    data), where a code (2027H1, 2027) or two dates may also be typed, and Visa."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        # Enter on typed text must not add it as an item without a code (read "None").
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in period_choices(today):
            self.combo.addItem(period_in_words(parse_period(code)), code)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setAccessibleName("Period (ett halvår, ett år eller två datum)")
        line = self.combo.lineEdit()
        if line is not None:
            line.setAccessibleName("Period att visa")
        self.combo.setToolTip(
            "Välj ett halvår eller ett år i listan, eller skriv till exempel 2027H1 "
            "(första halvåret 2027), 2027 eller två datum: 2027-01-01--2027-03-31"
        )
        self.show_button = QPushButton("&Visa", self)
        self.show_button.setAccessibleName("Visa siffrorna för perioden")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(text_label("Period:", self))
        row.addWidget(self.combo, 1)
        row.addWidget(self.show_button)

    def code(self) -> str:
        """The chosen period as its code (2026H2), or the typed text as it is."""
        text = self.combo.currentText().strip()
        index = self.combo.findText(text)
        data = self.combo.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def period(self) -> Period:
        """The chosen or typed period. Raises ValidationError (Swedish) for text that
        is no period."""
        return parse_period(self.code())

    def set_code(self, code: str) -> None:
        """Choose the period with this code (typed in as it is when not in the list)."""
        index = self.combo.findData(code)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setEditText(code)
