"""Tamper checks that need no secret (issue 12): triggers, the audit anchor, and signed
records whose creation the audit log remembers but which are gone.

The protective triggers expected are those a freshly migrated database has (so every
migration's triggers are covered without a second list to keep in step); `check`
names each one missing or altered, and `repair_triggers` puts them back, audited.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from sqlalchemy import select

from .database import Tx
from .exchange_rows import MODELS_BY_ENTITY
from .models import AuditAnchorRow, AuditRow
from .sync import TxContext, append_audit, row_values

# Records that are never deleted by the app (triggers refuse it); a create entry in the
# audit log without the row and without a delete entry means someone removed it.
KEPT_FOR_GOOD: dict[str, str] = {
    "signoff": "Signeringen",
    "certificate": "Intyget",
    "certificate_revocation": "Återkallelsen av ett intyg",
    "qa_review": "Kvalitetsgranskningen",
    "signoff_reopening": "Återöppningen av en signering",
}


@cache
def expected_triggers() -> dict[str, str]:
    """name → SQL of every trigger a database at head has."""
    from .migrate import upgrade_to_head

    with tempfile.TemporaryDirectory(prefix="handledare-triggers-") as tmp:
        db = Path(tmp) / "fresh.sqlite"
        upgrade_to_head(db)
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return {str(n): str(s) for n, s in rows}
        finally:
            con.close()


def _live_triggers(tx: Tx) -> dict[str, str]:
    rows = tx.session.connection().exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
    )
    return {str(n): str(s) for n, s in rows}


def _norm(sql: str) -> str:
    return " ".join(sql.split())


def trigger_problems(tx: Tx) -> list[tuple[str, str]]:
    """(trigger name, 'saknas' or 'ändrad') for every protective trigger not as expected."""
    live = _live_triggers(tx)
    out = []
    for name, sql in sorted(expected_triggers().items()):
        if name not in live:
            out.append((name, "saknas"))
        elif _norm(live[name]) != _norm(sql):
            out.append((name, "ändrad"))
    return out


def repair_triggers(tx: Tx) -> list[str]:
    """Recreate every missing or altered trigger; one audit entry each. Names repaired."""
    ctx: TxContext = tx.session.info["ctx"]
    repaired = []
    conn = tx.session.connection()
    expected = expected_triggers()
    for name, state in trigger_problems(tx):
        if state == "ändrad":
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.exec_driver_sql(expected[name])
        append_audit(tx.session, ctx, "repair", "trigger", name[:36], None, {"state": state})
        repaired.append(name)
    return repaired


def anchor_problems(tx: Tx) -> list[str]:
    """The newest audit entry ever written must still be there, unchanged."""
    anchor = tx.session.get(AuditAnchorRow, 1)
    if anchor is None:
        return ["Granskningsloggens ankare saknas: loggens senaste poster kan ha tagits bort."]
    last = tx.session.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    seq, digest = (last[0], last[1]) if last else (0, "")
    if seq < anchor.seq:
        return [
            f"Granskningsloggen slutar vid post {seq}, men den har nått post {anchor.seq}: "
            f"de senaste {anchor.seq - seq} posterna har tagits bort."
        ]
    if seq == anchor.seq and anchor.seq and digest != anchor.hash:
        return [f"Granskningsloggens senaste post ({seq}) har bytts ut i efterhand."]
    return []


def deleted_signed_records(tx: Tx) -> list[tuple[str, str, str]]:
    """(entity, record id, Swedish label) for signed/register records created per the audit
    log but missing now, without an audited deletion."""
    out = []
    for entity, label in KEPT_FOR_GOOD.items():
        created = set(
            tx.session.scalars(
                select(AuditRow.record_id).where(
                    AuditRow.entity == entity, AuditRow.action == "create"
                )
            )
        )
        if not created:
            continue
        deleted = set(
            tx.session.scalars(
                select(AuditRow.record_id).where(
                    AuditRow.entity == entity, AuditRow.action == "delete"
                )
            )
        )
        table = tx.session.connection().exec_driver_sql(f"SELECT id FROM {entity}")
        present = {str(r[0]) for r in table}
        for rid in sorted(created - deleted - present):
            out.append((entity, rid, label))
    return out


def was_created(tx: Tx, entity: str, record_id: str) -> bool:
    return (
        tx.session.scalars(
            select(AuditRow.seq).where(
                AuditRow.entity == entity,
                AuditRow.action == "create",
                AuditRow.record_id == record_id,
            )
        ).first()
        is not None
    )


def created_with(tx: Tx, entity: str, column: str, value: str) -> bool:
    """A create entry for `entity` whose row had `column` = value, and no such row now."""
    for after in tx.session.scalars(
        select(AuditRow.after).where(AuditRow.entity == entity, AuditRow.action == "create")
    ):
        if isinstance(after, dict) and after.get(column) == value:
            present = tx.session.connection().exec_driver_sql(
                f"SELECT 1 FROM {entity} WHERE {column} = ?", (value,)
            )
            return present.first() is None
    return False


def changed_since_created(tx: Tx) -> list[tuple[str, str, str, str]]:
    """(entity, record id, Swedish label, column) for immutable records whose stored
    values differ from those the audit log recorded when they were created (someone
    dropped the trigger, changed a column, and perhaps recomputed a seal). Entries whose
    content was erased (privacy) are skipped."""
    out = []
    for entity, label in KEPT_FOR_GOOD.items():
        created: dict[str, dict[str, object]] = {}
        for rid, after in tx.session.execute(
            select(AuditRow.record_id, AuditRow.after).where(
                AuditRow.entity == entity, AuditRow.action == "create"
            )
        ):
            if isinstance(after, dict):
                created[str(rid)] = after
        if not created:
            continue
        model = MODELS_BY_ENTITY[entity]
        for row in tx.session.scalars(select(model)):
            before = created.get(row.id)
            if before is None:
                continue
            now = row_values(row, include_sync=False)
            for column, value in before.items():
                if column in now and now[column] != value:
                    out.append((entity, row.id, label, column))
                    break
    return out
