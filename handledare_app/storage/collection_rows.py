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


def report_heads(tx: Tx) -> list[ReportHead]:
    r = CollectedReportRow
    stmt = select(
        r.id,
        r.workplace_id,
        r.workplace_name,
        r.municipality,
        r.period,
        r.period_start,
        r.period_end,
        r.created_at,
    )
    return [ReportHead(*row) for row in tx.session.execute(stmt)]


def period_summaries(
    tx: Tx, start: dt.date, end: dt.date
) -> list[tuple[ReportHead, dict[str, Any]]]:
    """The reports of one period with their summaries (records left in the database)."""
    r = CollectedReportRow
    stmt = select(
        r.id,
        r.workplace_id,
        r.workplace_name,
        r.municipality,
        r.period,
        r.period_start,
        r.period_end,
        r.created_at,
        r.summary,
    ).where(r.period_start == start, r.period_end == end)
    return [(ReportHead(*row[:8]), row[8]) for row in tx.session.execute(stmt)]


def report_records(tx: Tx, report_id: str) -> dict[str, Any]:
    value = tx.session.execute(
        select(CollectedReportRow.records).where(CollectedReportRow.id == report_id)
    ).scalar_one()
    return dict(value)
