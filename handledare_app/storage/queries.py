"""Queries that need SQL beyond Tx's generic helpers. Services call these."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Subquery, and_, func, select

from ..domain.canonical import canonical_json
from .database import Tx
from .models import (
    SYNCED_MODELS,
    AssessmentRow,
    AuditRow,
    BusinessAreaRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    EvidenceRow,
    ModuleRow,
    ParticipantRow,
    PlacementRow,
    SupervisorRow,
)
from .sync import GENESIS_HASH, audit_content_hash, audit_row_hash, row_values


def module_hashes(tx: Tx) -> dict[tuple[str, int], str]:
    rows = tx.session.execute(select(ModuleRow.code, ModuleRow.version, ModuleRow.content_hash))
    return {(c, v): h for c, v, h in rows}


def _newest_ids() -> Subquery:
    return (
        select(ModuleRow.code, func.max(ModuleRow.version).label("v"))
        .group_by(ModuleRow.code)
        .subquery()
    )


def newest_modules(tx: Tx, area_id: str | None = None) -> list[ModuleRow]:
    newest = _newest_ids()
    stmt = select(ModuleRow).join(
        newest, and_(ModuleRow.code == newest.c.code, ModuleRow.version == newest.c.v)
    )
    if area_id is not None:
        stmt = stmt.where(ModuleRow.business_area_id == area_id)
    return list(tx.session.scalars(stmt.order_by(ModuleRow.code)))


def all_modules(tx: Tx, area_id: str | None = None) -> list[ModuleRow]:
    stmt = select(ModuleRow)
    if area_id is not None:
        stmt = stmt.where(ModuleRow.business_area_id == area_id)
    return list(tx.session.scalars(stmt.order_by(ModuleRow.code, ModuleRow.version)))


def newest_module_count_by_area(tx: Tx) -> dict[str, int]:
    newest = _newest_ids()
    stmt = (
        select(ModuleRow.business_area_id, func.count())
        .join(newest, and_(ModuleRow.code == newest.c.code, ModuleRow.version == newest.c.v))
        .group_by(ModuleRow.business_area_id)
    )
    return {a: n for a, n in tx.session.execute(stmt)}


def criteria_count_by_module(tx: Tx, module_ids: list[str]) -> dict[str, int]:
    if not module_ids:
        return {}
    stmt = (
        select(CriterionRow.module_id, func.count())
        .where(CriterionRow.module_id.in_(module_ids))
        .group_by(CriterionRow.module_id)
    )
    return {m: n for m, n in tx.session.execute(stmt)}


def participant_rows(tx: Tx) -> list[dict[str, Any]]:
    """Everything the participant list needs, in four set-based queries (fast at 10,000)."""
    sup_names = dict(tx.session.execute(select(SupervisorRow.id, SupervisorRow.name)).all())
    latest = (
        select(PlacementRow.participant_id, func.max(PlacementRow.start_date).label("s"))
        .group_by(PlacementRow.participant_id)
        .subquery()
    )
    # Plain columns, not ORM objects: no identity map or JSON decoding of sync columns.
    placements: dict[str, Any] = {}
    for pl in tx.session.execute(
        select(
            PlacementRow.participant_id,
            PlacementRow.type,
            PlacementRow.start_date,
            PlacementRow.end_date,
        ).join(
            latest,
            and_(
                PlacementRow.participant_id == latest.c.participant_id,
                PlacementRow.start_date == latest.c.s,
            ),
        )
    ):
        placements[pl.participant_id] = pl
    crit_per_module = dict(
        tx.session.execute(
            select(CriterionRow.module_id, func.count()).group_by(CriterionRow.module_id)
        ).all()
    )
    areas: dict[str, set[str]] = {}
    totals: dict[str, int] = {}
    for pid, module_id, area_name in tx.session.execute(
        select(EnrollmentRow.participant_id, EnrollmentRow.module_id, BusinessAreaRow.name)
        .join(ModuleRow, ModuleRow.id == EnrollmentRow.module_id)
        .join(BusinessAreaRow, BusinessAreaRow.id == ModuleRow.business_area_id)
        .where(EnrollmentRow.active.is_(True))
    ):
        areas.setdefault(pid, set()).add(area_name)
        totals[pid] = totals.get(pid, 0) + crit_per_module.get(module_id, 0)
    achieved = dict(
        tx.session.execute(
            select(AssessmentRow.participant_id, func.count())
            .join(EnrollmentRow, EnrollmentRow.id == AssessmentRow.enrollment_id)
            .where(AssessmentRow.status == "achieved", EnrollmentRow.active.is_(True))
            .group_by(AssessmentRow.participant_id)
        ).all()
    )
    out = []
    for p in tx.session.execute(
        select(
            ParticipantRow.id,
            ParticipantRow.first_name,
            ParticipantRow.last_name,
            ParticipantRow.responsible_id,
            ParticipantRow.stage,
        )
    ):
        current = placements.get(p.id)
        out.append(
            {
                "id": p.id,
                "name": f"{p.first_name} {p.last_name}".strip(),
                "placement_type": current.type if current else None,
                "start_date": current.start_date if current else None,
                "active": current is not None and current.end_date is None,
                "responsible_id": p.responsible_id,
                "responsible_name": sup_names.get(p.responsible_id, "") if p.responsible_id else "",
                "stage": p.stage,
                "business_areas": tuple(sorted(areas.get(p.id, ()))),
                "criteria_total": totals.get(p.id, 0),
                "criteria_achieved": achieved.get(p.id, 0),
            }
        )
    return out


def evidence_counts(tx: Tx, participant_id: str) -> dict[str, int]:
    stmt = (
        select(EvidenceCriterionRow.criterion_id, func.count())
        .join(EvidenceRow, EvidenceRow.id == EvidenceCriterionRow.evidence_id)
        .where(EvidenceRow.participant_id == participant_id)
        .group_by(EvidenceCriterionRow.criterion_id)
    )
    return {c: n for c, n in tx.session.execute(stmt)}


# --- whole-database views for summary and check ------------------------------------


def entity_digests(tx: Tx) -> dict[str, dict[str, Any]]:
    """Per synced entity: count and SHA-256 over canonical rows ordered by id."""
    out: dict[str, dict[str, Any]] = {}
    for model in SYNCED_MODELS:
        h = hashlib.sha256()
        n = 0
        for row in tx.session.scalars(select(model).order_by(model.id)).yield_per(2000):
            h.update(canonical_json(row_values(row)))
            h.update(b"\n")
            n += 1
        out[model.__tablename__] = {"count": n, "sha256": h.hexdigest()}  # type: ignore[attr-defined]
    return out


def iter_audit(tx: Tx) -> Iterator[AuditRow]:
    yield from tx.session.scalars(select(AuditRow).order_by(AuditRow.seq)).yield_per(2000)


def verify_audit_chain(tx: Tx) -> list[str]:
    """Problems in the audit log's hash chain, in Swedish; empty when intact.

    The chain covers each entry's header and the digest of its content. Content that an
    erasure replaced with a marker is not a problem here (see `erased_audit_problems`);
    content that differs from its digest is."""
    problems: list[str] = []
    prev = GENESIS_HASH
    expected_seq = 1
    for row in iter_audit(tx):
        if row.seq != expected_seq:
            problems.append(f"Granskningsloggen: post {expected_seq} saknas (nästa är {row.seq}).")
            expected_seq = row.seq
        if row.prev_hash != prev:
            problems.append(f"Granskningsloggen: post {row.seq} pekar inte på föregående post.")
        if audit_row_hash(row) != row.hash:
            problems.append(f"Granskningsloggen: post {row.seq} har ändrats i efterhand.")
        elif row.erased is None:
            if audit_content_hash(row.before, row.after) != row.content_sha256:
                problems.append(f"Granskningsloggen: post {row.seq} har ändrats i efterhand.")
        elif row.before is not None or row.after is not None:
            problems.append(
                f"Granskningsloggen: post {row.seq} är markerad som raderad men har innehåll."
            )
        prev = row.hash
        expected_seq += 1
    return problems


def foreign_key_problems(tx: Tx) -> list[tuple[str, int, str]]:
    rows = tx.session.connection().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def quick_check_live(tx: Tx) -> list[str]:
    rows = tx.session.connection().exec_driver_sql("PRAGMA quick_check").fetchall()
    return [] if rows == [("ok",)] else [str(r[0]) for r in rows[:10]]
