"""The calendar of a date field is wide enough for the Swedish day names: Monday's
column read "m…" (found walking the GUI)."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from handledare_app.ui.date_edit import date_edit


def test_calendar_columns_fit_the_longest_short_day_name(qtbot: QtBot) -> None:
    edit = date_edit("Startdatum", dt.date(2026, 12, 6), None)
    qtbot.addWidget(edit)
    calendar = edit.calendarWidget()
    longest = max(
        calendar.fontMetrics().horizontalAdvance(name)
        for name in ("mån", "tis", "ons", "tors", "fre", "lör", "sön")
    )
    assert calendar.minimumWidth() >= 7 * longest + 7 * calendar.fontMetrics().averageCharWidth()


def test_the_calendar_buttons_are_named_in_swedish(qtbot: QtBot) -> None:
    """The calendar is made with the field now (to size it), so its buttons are named."""
    from PySide6.QtWidgets import QAbstractButton

    edit = date_edit("Startdatum", dt.date(2026, 12, 6), None)
    qtbot.addWidget(edit)
    names = {b.accessibleName() for b in edit.calendarWidget().findChildren(QAbstractButton)}
    assert "" not in names
    assert {"Föregående månad", "Nästa månad", "Välj månad", "Välj år"} <= names
