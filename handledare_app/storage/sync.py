"""Stamps sync columns and writes the hash-chained audit log on every flush.

Living in a flush hook means every change through the ORM is covered: a
service cannot forget to bump a version vector or to audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..domain.canonical import content_hash, sha256_hex
from ..domain.clock import HlcClock, vv_bump
from ..domain.ids import new_id
from .fast_json import canonical_text as fast_canonical_text
from .fast_json import content_hash as fast_content_hash
from .models import SYNC_COLUMNS, AuditRow, SyncMixin, TombstoneRow

GENESIS_HASH = "0" * 64
# The audit log says *that* these changed, never their values.
REDACTED_FIELDS = frozenset({"pin_hash", "personnummer"})
REDACTED = "[dolt]"


def utc_now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_values(row: Any, *, include_sync: bool = True) -> dict[str, Any]:
    mapper = inspect(type(row))
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if not include_sync and attr.key in SYNC_COLUMNS:
            continue
        out[attr.key] = json_value(getattr(row, attr.key))
    return out


def _redact(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None or REDACTED_FIELDS.isdisjoint(values):
        return values
    return {
        k: (REDACTED if k in REDACTED_FIELDS and v is not None else v) for k, v in values.items()
    }


@dataclass
class TxContext:
    installation_id: str
    clock: HlcClock
    actor_id: str | None = None
    delete_reason: str = "deleted"
    # When set (by exchange import), rows keep the sync columns they arrived with.
    preserve_sync: bool = False
    _audit_head: tuple[int, str] | None = field(default=None, repr=False)


def audit_head(session: Session) -> tuple[int, str]:
    with session.no_autoflush:
        row = session.execute(
            select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
        ).first()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


# What the chain hashes of each entry (issue 15): the header and a digest of the content.
# The content (before/after values) lives beside it and can be erased (replaced by a
# marker in `erased`) while the chain still verifies.
CHAIN_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "installation_id",
    "action",
    "entity",
    "record_id",
    "content_sha256",
    "prev_hash",
)


def audit_content_hash(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """The digest of one entry's content, which the chain covers instead of the content."""
    return content_hash({"before": before, "after": after})


def audit_entry_hash(entry: dict[str, Any]) -> str:
    """The chain hash of one entry: its header fields (CHAIN_FIELDS) and content digest.
    Extra keys (before, after, erased, hash) are ignored, so a row's values can be passed."""
    return content_hash({k: entry[k] for k in CHAIN_FIELDS})


def audit_row_hash(row: AuditRow) -> str:
    """`audit_entry_hash` of a stored entry."""
    return audit_entry_hash({k: getattr(row, k) for k in CHAIN_FIELDS})


def _chain_entry(
    seq: int,
    at: str,
    ctx: TxContext,
    action: str,
    entity: str,
    record_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    prev: str,
) -> dict[str, Any]:
    before, after = _redact(before), _redact(after)
    return {
        "seq": seq,
        "at": at,
        "actor_id": ctx.actor_id,
        "installation_id": ctx.installation_id,
        "action": action,
        "entity": entity,
        "record_id": record_id,
        "before": before,
        "after": after,
        "content_sha256": audit_content_hash(before, after),
        "prev_hash": prev,
    }


def _append_audit(
    session: Session,
    ctx: TxContext,
    action: str,
    entity: str,
    record_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    if ctx._audit_head is None:
        ctx._audit_head = audit_head(session)
    seq, prev = ctx._audit_head
    entry = _chain_entry(
        seq + 1, utc_now_text(), ctx, action, entity, record_id, before, after, prev
    )
    digest = audit_entry_hash(entry)
    session.add(AuditRow(**entry, hash=digest))
    ctx._audit_head = (seq + 1, digest)


# Public name for the exchange bulk path (storage/exchange_rows.py): same chain, same format.
append_audit = _append_audit


def append_audit_many(
    session: Session,
    ctx: TxContext,
    items: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """Many entries (action, entity, record_id, before, after) in one executemany:
    the same entries and chain as `_append_audit`, without one ORM object each.
    Pending ORM changes must be flushed first (the chain head is read once)."""
    if not items:
        return
    if ctx._audit_head is None:
        ctx._audit_head = audit_head(session)
    rows, ctx._audit_head = audit_chain_rows(
        ctx._audit_head, utc_now_text(), ctx.actor_id, ctx.installation_id, items
    )
    # Straight to the driver: JSON text as the column type would write it, without
    # SQLAlchemy's per-value processing (this is the hot path of a large import).
    session.connection().exec_driver_sql(
        "INSERT INTO audit_log (seq, at, actor_id, installation_id, action, entity, "
        "record_id, before, after, content_sha256, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def audit_chain_rows(
    head: tuple[int, str],
    at: str,
    actor: str | None,
    installation: str,
    items: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> tuple[list[tuple[Any, ...]], tuple[int, str]]:
    """The audit rows for `items` chained on from `head` (seq, hash), and the new head:
    the computing part of `append_audit_many` (benchmarks/bench_exchange.py times it)."""
    seq, prev = head
    rows: list[tuple[Any, ...]] = []
    for action, entity, record_id, before, after in items:
        seq += 1
        # Each value is encoded once, canonically: the stored JSON text and the content
        # digest (`audit_content_hash`: {"after": …, "before": …} sorted) come from it.
        b = "null" if before is None else fast_canonical_text(_redact(before))
        a = "null" if after is None else fast_canonical_text(_redact(after))
        content = sha256_hex(f'{{"after":{a},"before":{b}}}'.encode())
        header = {
            "seq": seq,
            "at": at,
            "actor_id": actor,
            "installation_id": installation,
            "action": action,
            "entity": entity,
            "record_id": record_id,
            "content_sha256": content,
            "prev_hash": prev,
        }
        digest = fast_content_hash(header)
        rows.append(
            (
                seq,
                at,
                actor,
                installation,
                action,
                entity,
                record_id,
                None if before is None else b,
                None if after is None else a,
                content,
                prev,
                digest,
            )
        )
        prev = digest
    return rows, (seq, prev)


def entity_name(obj: object) -> str:
    return str(type(obj).__tablename__)  # type: ignore[attr-defined]


def _synced_fields(obj: SyncMixin) -> list[str]:
    return [a.key for a in inspect(type(obj)).column_attrs if a.key not in SYNC_COLUMNS]


def before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    ctx: TxContext | None = session.info.get("ctx")
    if ctx is None:
        touched = [*session.new, *session.dirty, *session.deleted]
        if any(isinstance(o, SyncMixin) for o in touched):
            raise RuntimeError("synced rows may only change inside Database.transaction()")
        return
    now = utc_now_text()
    for obj in list(session.new):
        if isinstance(obj, SyncMixin):
            _record_created(session, ctx, obj, now)
    for obj in list(session.dirty):
        if not isinstance(obj, SyncMixin) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name in _synced_fields(obj):
            hist = state.attrs[name].history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = getattr(obj, name)
                if old == new:
                    continue
                before[name] = json_value(old)
                after[name] = json_value(new)
        if not after:
            continue
        if not ctx.preserve_sync:
            stamp = ctx.clock.tick()
            obj.updated_at = now
            obj.hlc = stamp
            obj.vv = vv_bump(obj.vv or {}, ctx.installation_id)
            clock = dict(obj.field_clock or {})
            for name in after:
                clock[name] = stamp
            obj.field_clock = clock
        _append_audit(session, ctx, "update", entity_name(obj), obj.id, before, after)
    for obj in list(session.deleted):
        if not isinstance(obj, SyncMixin) or isinstance(obj, TombstoneRow):
            continue
        entity = entity_name(obj)
        gone = row_values(obj, include_sync=False)
        _append_audit(session, ctx, "delete", entity, obj.id, gone, None)
        if not ctx.preserve_sync:
            tombstone = TombstoneRow(entity=entity, record_id=obj.id, reason=ctx.delete_reason)
            session.add(tombstone)
            _record_created(session, ctx, tombstone, now)


CATALOGUE_ORIGIN = "katalog"
CATALOGUE_HLC = "0000000000000-00000-katalog"


def stamp_as_published(obj: SyncMixin, published: str | None) -> None:
    """Sync columns taken from a catalogue file instead of this laptop's clock.

    Catalogue content is the same wherever it is imported; with content-derived ids and
    these stamps, two installations that import one file hold identical rows.
    """
    when = f"{published or '1970-01-01'}T00:00:00.000000Z"
    obj.created_at = obj.updated_at = when
    obj.hlc = CATALOGUE_HLC
    obj.origin = CATALOGUE_ORIGIN
    obj.vv = {}
    obj.field_clock = {name: CATALOGUE_HLC for name in _synced_fields(obj)}


def _apply_column_defaults(obj: SyncMixin) -> None:
    """Fill defaults now rather than at INSERT, so the audit entry shows the real values."""
    for column in obj.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is None or getattr(obj, column.key, None) is not None:
            continue
        if default.is_scalar:
            setattr(obj, column.key, default.arg)
        elif default.is_callable:
            setattr(obj, column.key, default.arg(None))


def _record_created(session: Session, ctx: TxContext, obj: SyncMixin, now: str) -> None:
    """Stamp a new row's sync columns (unless it arrives stamped) and audit its creation."""
    _apply_column_defaults(obj)
    if not ctx.preserve_sync and not obj.hlc:
        stamp = ctx.clock.tick()
        if not getattr(obj, "id", None):
            obj.id = new_id()
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        obj.hlc = stamp
        obj.origin = ctx.installation_id
        obj.vv = vv_bump({}, ctx.installation_id)
        obj.field_clock = {name: stamp for name in _synced_fields(obj)}
    _append_audit(
        session,
        ctx,
        "create",
        entity_name(obj),
        obj.id,
        None,
        row_values(obj, include_sync=False),
    )
