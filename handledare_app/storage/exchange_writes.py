"""The bulk write path for imports (storage/exchange_rows.py reads).

Imported rows keep the sync columns they arrived with (id, hlc, vv, field_clock,
origin). The ORM flush hook would stamp them as local edits, so this module writes with
Core statements instead and appends the audit entries itself, through the same hash
chain (`sync.append_audit`). Local bulk creation (benchmark data) goes the same way with
`stamp_new_rows`, which stamps exactly like the flush hook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import JSON as SAJSON
from sqlalchemy import Date, delete, update

from ..domain.clock import vv_bump
from ..domain.ids import new_id
from .database import Tx
from .exchange_rows import MODELS_BY_ENTITY, synced_field_names
from .models import SYNC_COLUMNS
from .row_params import insert_params
from .sync import TxContext, append_audit, append_audit_many, utc_now_text


def _ctx(tx: Tx) -> TxContext:
    ctx: TxContext = tx.session.info["ctx"]
    return ctx


def _audit_values(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in SYNC_COLUMNS}
    kinds = set(map(type, out.values()))
    if not kinds <= _NOT_DATES and any(issubclass(k, dt.date) for k in kinds):
        for k, v in out.items():
            if isinstance(v, dt.date):  # only dates need converting for JSON
                out[k] = v.isoformat()
    return out


# Value types that are never dates: a row holding only these needs no conversion.
_NOT_DATES = frozenset({str, int, bool, float, type(None), list, dict})


@cache
def _insert_plan(table: Any) -> tuple[list[str], list[tuple[str, Any, str]]]:
    """Column names, and per column (name, default, kind): "json", "date" or ""."""
    names = [c.name for c in table.columns]
    plan = [
        (
            c.name,
            # A column the row does not name gets the model's scalar default (e.g. gender
            # added by 0003), as an ORM insert would; validated records name every column.
            c.default.arg if c.default is not None and c.default.is_scalar else None,
            "json" if isinstance(c.type, SAJSON) else "date" if isinstance(c.type, Date) else "",
        )
        for c in table.columns
    ]
    return names, plan


def insert_incoming(tx: Tx, entity: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows exactly as they arrived (sync columns kept) and audit each creation."""
    if not rows:
        return
    tx.session.flush()  # ORM work queued earlier reaches the database (and the chain) first
    ctx = _ctx(tx)
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    _insert_plain(tx, table, rows)
    append_audit_many(
        tx.session,
        ctx,
        [("create", entity, row["id"], None, _audit_values(row)) for row in rows],
    )


def _insert_plain(tx: Tx, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """executemany straight to the driver: values converted the way the column types
    would (JSON text, ISO dates), without SQLAlchemy's per-value processing."""
    names, plan = _insert_plan(table)
    params = list(map(insert_params(tuple(plan)), rows))
    quoted = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" * len(names))
    sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
    tx.session.connection().exec_driver_sql(sql, params)


def update_incoming(
    tx: Tx, entity: str, changes: Sequence[tuple[dict[str, Any], dict[str, Any]]]
) -> None:
    """Replace rows with merged or newer versions, keeping the given sync columns.

    `changes` holds (before, after) full rows; the audit entry lists changed fields.
    """
    if not changes:
        return
    tx.session.flush()
    ctx = _ctx(tx)
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    entries: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
    for before, after in changes:
        values = {k: v for k, v in after.items() if k != "id"}
        tx.session.execute(update(table).where(table.c.id == after["id"]).values(**values))
        b = _audit_values(before)
        a = _audit_values(after)
        diff = [k for k in a if a[k] != b.get(k)]
        entries.append(
            ("update", entity, after["id"], {k: b.get(k) for k in diff}, {k: a[k] for k in diff})
        )
    append_audit_many(tx.session, ctx, entries)


def delete_incoming(tx: Tx, entity: str, row: dict[str, Any]) -> None:
    """Remove a row because an imported tombstone says so (the tombstone is inserted
    separately, with its own sync columns)."""
    tx.session.flush()
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    tx.session.execute(delete(table).where(table.c.id == row["id"]))
    append_audit(tx.session, _ctx(tx), "delete", entity, row["id"], _audit_values(row), None)


def stamp_new_rows(tx: Tx, entity: str, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stamp new local rows like the flush hook does (id, clock, vv, field clock), then
    insert them in bulk with their audit entries. For generating large data sets."""
    ctx = _ctx(tx)
    now = utc_now_text()
    fields = synced_field_names(entity)
    out: list[dict[str, Any]] = []
    for values in rows:
        stamp = ctx.clock.tick()
        row = dict(values)
        row.setdefault("id", new_id())
        row["created_at"] = row["updated_at"] = now
        row["hlc"] = stamp
        row["origin"] = ctx.installation_id
        row["vv"] = vv_bump({}, ctx.installation_id)
        row["field_clock"] = {name: stamp for name in fields}
        out.append(row)
    insert_incoming(tx, entity, out)
    return out
