"""Rows as plain dicts for exchange packages (storage/exchange_writes.py writes them).

Exchange moves whole records between installations. Rows leave as JSON-ready dicts
(every column, sync columns included), read with Core selects (no identity map, no
per-row ORM cost at 50,000 records); the column rules here are what an incoming
record is checked against.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON as SAJSON
from sqlalchemy import Boolean, Date, Float, Integer, String, Text, func, select

from .database import Tx
from .models import SYNC_COLUMNS, SYNCED_MODELS, SyncMixin
from .sync import audit_head

MODELS_BY_ENTITY: dict[str, type[SyncMixin]] = {
    m.__tablename__: m  # type: ignore[attr-defined]
    for m in SYNCED_MODELS
}
_BATCH = 500


@dataclass(frozen=True)
class ColumnSpec:
    """What an incoming value must look like (checked before anything is written)."""

    name: str
    kind: str  # "str", "int", "float", "bool", "date", "json"
    nullable: bool
    max_length: int | None
    references: str | None  # entity the foreign key points at


def entity_columns(entity: str) -> list[ColumnSpec]:
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    out: list[ColumnSpec] = []
    for col in table.columns:
        t = col.type
        if isinstance(t, Boolean):
            kind = "bool"
        elif isinstance(t, Integer):
            kind = "int"
        elif isinstance(t, Float):
            kind = "float"
        elif isinstance(t, Date):
            kind = "date"
        elif isinstance(t, SAJSON):
            kind = "json"
        elif isinstance(t, String | Text):
            kind = "str"
        else:  # pragma: no cover - a new column type needs a rule here
            raise TypeError(f"{entity}.{col.name}: {t!r}")
        fks = list(col.foreign_keys)
        max_len = getattr(t, "length", None) if kind == "str" else None
        out.append(
            ColumnSpec(
                col.name,
                kind,
                bool(col.nullable) and not col.primary_key,
                max_len,
                fks[0].column.table.name if fks else None,
            )
        )
    return out


def entity_unique_keys(entity: str) -> list[tuple[str, ...]]:
    """Natural keys besides the id (UNIQUE constraints and unique columns)."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    keys: list[tuple[str, ...]] = []
    for c in table.constraints:
        cols = tuple(col.name for col in getattr(c, "columns", ()))
        if c.__class__.__name__ == "UniqueConstraint" and cols:
            keys.append(cols)
    for col in table.columns:
        if col.unique:
            keys.append((col.name,))
    return keys


def _same(value: Any) -> Any:
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def iter_entity(
    tx: Tx, entity: str, ids: Sequence[str] | None = None, batch: int = 2000, *, raw: bool = False
) -> Iterator[dict[str, Any]]:
    """Every row of an entity (or those with these ids) as dicts, by id: JSON-ready, or
    with `raw` as the database types (dates as dates) for comparing with imports."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    names = [c.name for c in table.columns]
    conv = _same if raw else _jsonable
    if ids is None:
        result = tx.session.execute(select(table).order_by(table.c.id)).yield_per(batch)
        for row in result:
            yield {n: conv(v) for n, v in zip(names, row, strict=True)}
        return
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), _BATCH):
        chunk = ordered[i : i + _BATCH]
        for row in tx.session.execute(
            select(table).where(table.c.id.in_(chunk)).order_by(table.c.id)
        ):
            yield {n: conv(v) for n, v in zip(names, row, strict=True)}


def rows_by_id(
    tx: Tx, entity: str, ids: Iterable[str], *, raw: bool = False
) -> dict[str, dict[str, Any]]:
    wanted = existing_ids(tx, entity, ids)  # full rows (and their conversion) only for these
    return {r["id"]: r for r in iter_entity(tx, entity, list(wanted), raw=raw)} if wanted else {}


def version_vectors(tx: Tx, entity: str, ids: Iterable[str]) -> dict[str, Any]:
    """id → the stored version vector (parsed), for the rows that exist: the light
    first look of an import, before any full row is read."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    wanted = sorted(set(ids))
    out: dict[str, Any] = {}
    conn = tx.session.connection()
    for i in range(0, len(wanted), _BATCH):
        chunk = wanted[i : i + _BATCH]
        marks = ", ".join("?" * len(chunk))
        sql = f'SELECT id, vv FROM "{table.name}" WHERE id IN ({marks})'
        for rid, vv in conn.exec_driver_sql(sql, tuple(chunk)):
            out[rid] = json.loads(vv) if isinstance(vv, str) else vv
    return out


def column_defaults(entity: str) -> dict[str, Any]:
    """The scalar defaults of an entity's columns: what a record written by an older
    schema, which does not name a later column, stands for."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    return {
        c.name: c.default.arg
        for c in table.columns
        if c.default is not None and c.default.is_scalar
    }


def existing_ids(tx: Tx, entity: str, ids: Iterable[str]) -> set[str]:
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    return _present(tx, f'SELECT id FROM "{table.name}" WHERE id IN', (), ids)


def _present(tx: Tx, sql: str, head: tuple[Any, ...], ids: Iterable[str]) -> set[str]:
    """The ids among `ids` that `sql` ("… IN", completed here) finds: plain text ids
    straight through the driver, without SQLAlchemy compiling an IN list per batch
    (the import's first look at every batch, which mostly finds nothing)."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    tx.session._autoflush()  # as a query through the session would (pending ORM rows)
    conn = tx.session.connection()
    for i in range(0, len(wanted), _BATCH):
        chunk = wanted[i : i + _BATCH]
        marks = ", ".join("?" * len(chunk))
        found.update(r[0] for r in conn.exec_driver_sql(f"{sql} ({marks})", (*head, *chunk)))
    return found


# Records that refer to files in the blob store: photos and documents (attachment) and
# drawn or scanned signatures (signoff). A package carries every file its records need.
BLOB_COLUMNS: dict[str, str] = {"attachment": "sha256", "signoff": "signatures"}


def blob_refs(entity: str, value: Any) -> set[str]:
    """The blob hashes held in one record's blob column value."""
    if entity == "attachment":
        return {value} if value else set()
    if entity == "signoff":
        return {g["blob_sha256"] for g in value or () if g.get("blob_sha256")}
    return set()


def blob_hashes(tx: Tx, selected: dict[str, set[str]] | None) -> set[str]:
    """Every blob referred to by all records (`selected` None) or by the selected ones."""
    out: set[str] = set()
    for entity, column in BLOB_COLUMNS.items():
        if selected is None:
            values: Iterable[Any] = (r[column] for r in iter_entity(tx, entity))
        else:
            values = column_values(tx, entity, column, selected.get(entity, set())).values()
        for value in values:
            out |= blob_refs(entity, value)
    return out


def column_values(tx: Tx, entity: str, column: str, ids: Iterable[str]) -> dict[str, Any]:
    """id → one column's value for these rows (for following foreign keys)."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    wanted = sorted(set(ids))
    out: dict[str, Any] = {}
    for i in range(0, len(wanted), _BATCH):
        chunk = wanted[i : i + _BATCH]
        out.update(
            dict(
                tx.session.execute(
                    select(table.c.id, table.c[column]).where(table.c.id.in_(chunk))
                ).all()
            )
        )
    return out


def ids_where_in(tx: Tx, entity: str, column: str, values: Iterable[str]) -> set[str]:
    """Ids of rows whose `column` is one of `values` (children of given parents)."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    wanted = sorted(set(values))
    out: set[str] = set()
    for i in range(0, len(wanted), _BATCH):
        chunk = wanted[i : i + _BATCH]
        out.update(tx.session.scalars(select(table.c.id).where(table.c[column].in_(chunk))))
    return out


def find_by_natural_key(
    tx: Tx, entity: str, key: tuple[str, ...], values: tuple[Any, ...]
) -> str | None:
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    stmt = select(table.c.id)
    for name, value in zip(key, values, strict=True):
        stmt = stmt.where(table.c[name] == value)
    found = tx.session.scalars(stmt.limit(1)).first()
    return str(found) if found is not None else None


def tombstones_for(
    tx: Tx, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Local tombstones for (entity, record_id) pairs."""
    table = MODELS_BY_ENTITY["tombstone"].__table__  # type: ignore[attr-defined]
    by_entity: dict[str, list[str]] = {}
    for entity, rid in keys:
        by_entity.setdefault(entity, []).append(rid)
    names = [c.name for c in table.columns]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, rids in by_entity.items():
        uniq = sorted(
            _present(
                tx,
                'SELECT record_id FROM "tombstone" WHERE entity = ? AND record_id IN',
                (entity,),
                rids,
            )
        )
        for i in range(0, len(uniq), _BATCH):
            chunk = uniq[i : i + _BATCH]
            stmt = select(table).where(table.c.entity == entity, table.c.record_id.in_(chunk))
            for row in tx.session.execute(stmt):
                values = {n: _jsonable(v) for n, v in zip(names, row, strict=True)}
                out[(entity, values["record_id"])] = values
    return out


def changed_record_keys(tx: Tx, after_seq: int) -> tuple[set[tuple[str, str]], int]:
    """(entity, record_id) touched in the audit log after `after_seq`, and the newest seq."""
    from .models import AuditRow

    head = int(tx.session.scalar(select(func.max(AuditRow.seq))) or 0)
    keys: set[tuple[str, str]] = set()
    stmt = select(AuditRow.entity, AuditRow.record_id).where(AuditRow.seq > after_seq)
    for entity, rid in tx.session.execute(stmt).yield_per(5000):
        keys.add((entity, rid))
    return keys, head


def audit_seq_head(tx: Tx) -> int:
    """The newest audit sequence number (0 for an empty log)."""
    return audit_head(tx.session)[0]


def synced_field_names(entity: str) -> list[str]:
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    return [c.name for c in table.columns if c.name not in SYNC_COLUMNS]
