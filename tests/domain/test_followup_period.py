"""Periods of the follow-up: what parses, and the Swedish messages for what does not."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.errors import ValidationError
from handledare_app.domain.followup import (
    latest_complete_half_year,
    parse_period,
    previous_half_years,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2027H1", dt.date(2027, 1, 1), dt.date(2027, 6, 30), "2027H1"),
        ("2027h2", dt.date(2027, 7, 1), dt.date(2027, 12, 31), "2027H2"),
        (" 2027 ", dt.date(2027, 1, 1), dt.date(2027, 12, 31), "2027"),
        ("2027-02-01--2027-03-31", dt.date(2027, 2, 1), dt.date(2027, 3, 31), None),
        ("2027-02-01 2027-02-01", dt.date(2027, 2, 1), dt.date(2027, 2, 1), None),
    ],
)
def test_good_periods(text: str, start: dt.date, end: dt.date, label: str | None) -> None:
    p = parse_period(text)
    assert (p.start, p.end, p.reference_day) == (start, end, end)
    if label:
        assert p.label == label


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("2027H3", "två halvår"),
        ("27H1", "ingen period"),
        ("2027-13-01--2027-12-31", "finns inte"),
        ("2027-02-30--2027-03-01", "finns inte"),
        ("2027-06-01--2027-01-01", "före dess början"),
        ("", "Ange en period"),
        ("2027-01-01", "två datum"),
        ("1850", "året"),
    ],
)
def test_bad_periods_say_why_in_swedish(text: str, needle: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_period(text)
    assert needle in err.value.message
    assert "2027H1" in err.value.message or "före" in err.value.message


def test_latest_complete_half_year_and_trend() -> None:
    assert latest_complete_half_year(dt.date(2027, 3, 14)).label == "2026H2"
    assert latest_complete_half_year(dt.date(2027, 6, 30)).label == "2027H1"
    assert latest_complete_half_year(dt.date(2027, 7, 1)).label == "2027H1"
    labels = [p.label for p in previous_half_years(parse_period("2027"), 4)]
    assert labels == ["2026H1", "2026H2", "2027H1", "2027H2"]


def test_half_and_short_text() -> None:
    h2 = parse_period("2026H2")
    assert (h2.half, h2.short_text()) == (2, "jul–dec 2026")
    assert parse_period("2026H1").short_text() == "jan–jun 2026"
    year = parse_period("2026")
    assert (year.half, year.short_text()) == (None, year.label)
