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
