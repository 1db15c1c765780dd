"""The conflict log: losing values of field-level merges (DESIGN §5).

`record_conflict` is the one way to write an entry, used by the exchange merge and by
tests. The other helpers give the conflicts service generic access to the record a
conflict is about, without the service knowing SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, inspect, select

from ..domain.ids import new_id
from .database import Tx
from .models import SYNC_COLUMNS, SYNCED_MODELS, ConflictRow, SyncMixin
from .sync import json_value, utc_now_text

MODELS_BY_ENTITY: dict[str, type[SyncMixin]] = {
    str(m.__tablename__): m  # type: ignore[attr-defined]
    for m in SYNCED_MODELS
}


def conflict_row(
    *,
    entity: str,
    record_id: str,
    field: str,
    kept_value: Any,
    lost_value: Any,
    lost_hlc: str,
    at: str | None = None,
) -> ConflictRow:
    """One losing value as a row, not yet added (an import adds many at once).
    Values are stored as JSON (dates as ISO text)."""
    if entity not in MODELS_BY_ENTITY:
        raise ValueError(f"unknown entity {entity!r}")
    return ConflictRow(
        id=new_id(),
        at=at or utc_now_text(),
        entity=entity,
        record_id=record_id,
        field=field,
        kept_value=json_value(kept_value),
        lost_value=json_value(lost_value),
        lost_hlc=lost_hlc,
        resolved=False,
    )


def record_conflict(tx: Tx, **values: Any) -> ConflictRow:
    """Write one losing value (the arguments of `conflict_row`)."""
    row = conflict_row(**values)
    tx.add(row)
    return row


def list_conflicts(tx: Tx, *, include_resolved: bool) -> list[ConflictRow]:
    """Newest first."""
    stmt = select(ConflictRow).order_by(ConflictRow.at.desc(), ConflictRow.id)
    if not include_resolved:
        stmt = stmt.where(ConflictRow.resolved.is_(False))
    return list(tx.session.scalars(stmt))


def count_unresolved(tx: Tx) -> int:
    return tx.count(ConflictRow, resolved=False)


def record_of(tx: Tx, entity: str, record_id: str) -> SyncMixin | None:
    model = MODELS_BY_ENTITY.get(entity)
    if model is None:
        return None
    return tx.session.get(model, record_id)


def has_field(entity: str, field: str) -> bool:
    model = MODELS_BY_ENTITY.get(entity)
    if model is None or field in SYNC_COLUMNS:
        return False
    return field in inspect(model).column_attrs


def field_value(row: SyncMixin, field: str) -> Any:
    """The field's current value as JSON (what the conflict log stores)."""
    return json_value(getattr(row, field))


def set_field(row: SyncMixin, field: str, value: Any) -> None:
    """Set a field from its JSON form, as an ordinary edit: the flush hook stamps the
    clocks and writes the audit entry, so the change syncs onward like any other."""
    column = inspect(type(row)).columns[field]
    if value is not None and isinstance(column.type, Date) and isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    setattr(row, field, value)
