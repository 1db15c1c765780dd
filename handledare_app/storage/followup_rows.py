"""The rows the follow-up figures read, as plain tuples (Core selects, no ORM objects:
20,000 placements must read in a few tens of milliseconds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from .database import Tx
from .models import (
    AssessmentRow,
    BusinessAreaRow,
    CertificateRevocationRow,
    CertificateRow,
    ModuleRow,
    PlacementRow,
    QaReviewRow,
    SignoffReopeningRow,
    SignoffRow,
)


def _raw(tx: Tx, sql: str) -> list[tuple[Any, ...]]:
    """Plain tuples from the sqlite3 cursor: SQLAlchemy's Row objects cost more than the
    query itself at 20,000 rows. Same connection and transaction as `tx`."""
    cursor = tx.session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cursor.execute(sql).fetchall())
    finally:
        cursor.close()


def participants(tx: Tx) -> list[tuple[str, str, int | None, str]]:
    """(id, gender, birth_year, workplace_id) of every participant."""
    sql = "SELECT id, gender, birth_year, workplace_id FROM participant"
    return _raw(tx, sql)


def installation_workplaces(tx: Tx) -> dict[str, str]:
    """installation id → workplace id of every installation this database knows."""
    return dict(_raw(tx, "SELECT id, workplace_id FROM installation"))


def supervisor_workplaces(tx: Tx) -> dict[str, str]:
    """supervisor id → workplace id."""
    return dict(_raw(tx, "SELECT id, workplace_id FROM supervisor"))


def placements(tx: Tx) -> list[tuple[Any, ...]]:
    """(id, participant_id, type, referrer, start_date, end_date, outcome, start_status,
    wage_subsidy, origin) of every placement (origin: the installation that created
    it). Straight from the driver with the dates parsed
    here: 20,000 rows through SQLAlchemy's result processing cost several times more."""
    sql = (
        "SELECT id, participant_id, type, referrer, start_date, end_date, outcome, "
        "start_status, wage_subsidy, origin FROM placement"
    )
    date = dt.date.fromisoformat
    return [
        (a, b, c, d, date(e), None if f is None else date(f), g, h, bool(i), j)
        for a, b, c, d, e, f, g, h, i, j in _raw(tx, sql)
    ]


def signoffs(tx: Tx) -> list[tuple[Any, ...]]:
    """(enrollment_id, participant_id, signed_on, reopened, module_code, module_version,
    points, seqf_level, business_area_code, supervisor_id, origin) of every signoff."""
    reopened = select(SignoffReopeningRow.signoff_id).scalar_subquery()
    rows = tx.session.execute(
        select(
            SignoffRow.enrollment_id,
            SignoffRow.participant_id,
            SignoffRow.signed_on,
            SignoffRow.id.in_(reopened),
            ModuleRow.code,
            ModuleRow.version,
            ModuleRow.points,
            ModuleRow.seqf_level,
            BusinessAreaRow.code,
            SignoffRow.supervisor_id,
            SignoffRow.origin,
        )
        .join(ModuleRow, ModuleRow.id == SignoffRow.module_id)
        .join(BusinessAreaRow, BusinessAreaRow.id == ModuleRow.business_area_id)
    )
    return [tuple(r) for r in rows]


def certificates(tx: Tx) -> list[tuple[str, dt.date, bool, str, str]]:
    """(code, issued_on, revoked, origin, participant_id) of every certificate in the
    register (preliminary ones too: they were issued; origin: the issuing installation)."""
    revoked = select(CertificateRevocationRow.certificate_id).scalar_subquery()
    rows = tx.session.execute(
        select(
            CertificateRow.code,
            CertificateRow.issued_on,
            CertificateRow.id.in_(revoked),
            CertificateRow.origin,
            CertificateRow.participant_id,
        )
    )
    return [(r[0], r[1], bool(r[2]), r[3], r[4]) for r in rows]


def judgements(tx: Tx) -> list[tuple[str, dt.date]]:
    """(supervisor_id, day) of every assessment judged and every review decided, one per
    supervisor and day."""
    a = select(AssessmentRow.assessed_by, AssessmentRow.assessed_on).where(
        AssessmentRow.assessed_by.is_not(None), AssessmentRow.assessed_on.is_not(None)
    )
    q = select(QaReviewRow.reviewer_id, QaReviewRow.decided_on)
    out: set[tuple[str, dt.date]] = set()
    for stmt in (a.group_by(AssessmentRow.assessed_by, AssessmentRow.assessed_on), q):
        out.update((str(r[0]), r[1]) for r in tx.session.execute(stmt) if r[1] is not None)
    return sorted(out)


def placement_counts_by_type(tx: Tx, day: dt.date) -> list[tuple[str, int]]:
    """One plain GROUP BY (the benchmark's baseline): placements active on `day` by type."""
    stmt = (
        select(PlacementRow.type, func.count())
        .where(
            PlacementRow.start_date <= day,
            (PlacementRow.end_date.is_(None)) | (PlacementRow.end_date >= day),
        )
        .group_by(PlacementRow.type)
    )
    return [(r[0], r[1]) for r in tx.session.execute(stmt)]
