"""Periods of the follow-up (FOLLOWUP.md §1): half-years, years, any two dates.

Re-exported by domain.followup, which is the module to import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .errors import ValidationError

# --- periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    @property
    def reference_day(self) -> dt.date:
        """The mätdag: the last day of the period."""
        return self.end

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def half(self) -> int | None:
        """1 or 2 for a half-year ("2026H1"), else None."""
        label = self.label
        if len(label) == 6 and label[:4].isdigit() and label[4] == "H" and label[5] in "12":
            return int(label[5])
        return None

    def short_text(self) -> str:
        """A half-year in words short enough for a chart's axis ("jan–jun 2026"); other
        periods as their label."""
        if self.half is None:
            return self.label
        return f"{'jan–jun' if self.half == 1 else 'jul–dec'} {self.label[:4]}"

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Period:
        return cls(dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]), d["label"])


def half_year(year: int, half: int) -> Period:
    if half == 1:
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30), f"{year}H1")
    return Period(dt.date(year, 7, 1), dt.date(year, 12, 31), f"{year}H2")


def half_year_of(day: dt.date) -> Period:
    return half_year(day.year, 1 if day.month <= 6 else 2)


def latest_complete_half_year(today: dt.date) -> Period:
    """The latest half-year that has ended by `today` (what June/December reports cover
    once the period is over)."""
    current = half_year_of(today)
    if today == current.end:
        return current
    return half_year_of(current.start - dt.timedelta(days=1))


def previous_half_years(period: Period, n: int) -> list[Period]:
    """The `n` half-years ending with the one that holds the period's mätdag, oldest first."""
    out = [half_year_of(period.end)]
    while len(out) < n:
        out.insert(0, half_year_of(out[0].start - dt.timedelta(days=1)))
    return out


def period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise ValidationError(
            f"Periodens slut ({end.isoformat()}) är före dess början ({start.isoformat()})."
        )
    return Period(start, end, f"{start.isoformat()}--{end.isoformat()}")


_HALF = re.compile(r"^(\d{4})\s*[Hh]\s*(\d)$")
_YEAR = re.compile(r"^(\d{4})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HELP = "Skriv till exempel 2027H1, 2027H2, 2027 eller 2027-01-01--2027-03-31."


def _date(text: str) -> dt.date:
    if not _DATE.match(text):
        raise ValidationError(f"”{text}” är inget datum (ÅÅÅÅ-MM-DD). {_HELP}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"Datumet {text} finns inte. {_HELP}") from None


def parse_period(text: str) -> Period:
    """`2027H1`, `2027H2`, `2027`, or two dates `2027-01-01--2027-03-31` (also with
    `..`, ` – ` or a space between). Raises ValidationError with a Swedish message."""
    raw = text.strip()
    if not raw:
        raise ValidationError(f"Ange en period. {_HELP}")
    m = _HALF.match(raw)
    if m:
        year, half = int(m.group(1)), int(m.group(2))
        if half not in (1, 2):
            raise ValidationError(f"”{raw}”: ett år har bara två halvår, H1 och H2. {_HELP}")
        _check_year(year, raw)
        return half_year(year, half)
    m = _YEAR.match(raw)
    if m:
        year = int(m.group(1))
        _check_year(year, raw)
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
    parts = [p for p in re.split(r"\s*(?:--|\.\.|–|—|/|\s)\s*", raw) if p]
    if len(parts) == 2:
        start, end = _date(parts[0]), _date(parts[1])
        return period(start, end)
    if len(parts) == 1 and _DATE.match(parts[0]):
        _date(parts[0])
        raise ValidationError(f"Ange två datum: början och slut. {_HELP}")
    raise ValidationError(f"”{raw}” är ingen period som går att läsa. {_HELP}")


def _check_year(year: int, raw: str) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError(f"”{raw}”: året verkar inte stämma. {_HELP}")
