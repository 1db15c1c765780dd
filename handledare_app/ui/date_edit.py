"""Date fields shown as 2027-03-14, with a calendar; an optional variant with a checkbox."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

CALENDAR_BUTTONS = {
    "qt_calendar_prevmonth": "Föregående månad",
    "qt_calendar_nextmonth": "Nästa månad",
    "qt_calendar_monthbutton": "Välj månad",
    "qt_calendar_yearbutton": "Välj år",
}


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(accessible_name: str, value: dt.date | None, parent: QWidget | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    calendar = edit.calendarWidget()  # wide enough for "mån" … "sön" (Monday read "m…")
    metrics = calendar.fontMetrics()
    calendar.setMinimumWidth(
        7 * (metrics.horizontalAdvance("tors") + 3 * metrics.averageCharWidth())
    )
    for button in calendar.findChildren(QAbstractButton):  # made now, so named now
        button.setAccessibleName(CALENDAR_BUTTONS.get(button.objectName(), "Kalender"))
    edit.setAccessibleName(accessible_name)
    for inner in edit.findChildren(QLineEdit):  # the date field's own text field
        inner.setAccessibleName(accessible_name)
    edit.setDate(to_qdate(value or dt.date.today()))
    return edit


class OptionalDateEdit(QWidget):
    """A date that may be left out: a checkbox turns the date field on."""

    def __init__(
        self,
        check_text: str,
        accessible_name: str,
        value: dt.date | None,
        default: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text, self)
        self.check.setAccessibleName(f"{accessible_name}: ange datum")
        self.edit = date_edit(accessible_name, value or default, self)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addStretch(1)
        self.setFocusProxy(self.check)

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))
