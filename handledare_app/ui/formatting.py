"""Small pure helpers that turn service values into the Swedish text users see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..domain.enums import Role


def format_date(value: dt.date | None) -> str:
    """Dates are always shown as 2027-03-14; an unknown date as an empty string."""
    return value.isoformat() if value is not None else ""


def roles_text(roles: Iterable[Role]) -> str:
    """Role labels in a stable order: Handledare, Intern kvalitetssäkrare, Administratör."""
    order = list(Role)
    return ", ".join(r.label for r in sorted(roles, key=order.index))


def file_stem(title: str) -> str:
    """A screen title as a plain file-name stem: 'Uppföljningar' → 'uppfoljningar'."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "-"})
    return title.casefold().translate(table)
