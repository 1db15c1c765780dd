"""Reading Coompanion's collected reports without their (large) records column."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import select

from .database import Tx
from .models import CollectedReportRow


class ReportHead(NamedTuple):
    id: str
    workplace_id: str
    workplace_name: str
    municipality: str | None
    period: str
    period_start: dt.date
    period_end: dt.date
    created_at: str


_r = CollectedReportRow
# The columns of a ReportHead, in its field order.
_HEAD_COLUMNS = (
    _r.id,
    _r.workplace_id,
    _r.workplace_name,
    _r.municipality,
    _r.period,
    _r.period_start,
    _r.period_end,
    _r.created_at,
)


def report_heads(tx: Tx) -> list[ReportHead]:
    stmt = select(*_HEAD_COLUMNS)
    return [ReportHead(*row) for row in tx.session.execute(stmt)]


def period_summaries(
    tx: Tx, start: dt.date, end: dt.date
) -> list[tuple[ReportHead, dict[str, Any]]]:
    """The reports of one period with their summaries (records left in the database)."""
    stmt = select(*_HEAD_COLUMNS, _r.summary).where(_r.period_start == start, _r.period_end == end)
    n = len(_HEAD_COLUMNS)
    return [(ReportHead(*row[:n]), row[n]) for row in tx.session.execute(stmt)]


def report_records(tx: Tx, report_id: str) -> dict[str, Any]:
    value = tx.session.execute(
        select(CollectedReportRow.records).where(CollectedReportRow.id == report_id)
    ).scalar_one()
    return dict(value)
