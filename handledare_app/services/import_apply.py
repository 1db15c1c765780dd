"""Plan and apply of an import (services/exchange_import.py): every checked record merged
with the local one (domain/merge.py), in batches, inside the import's one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.merge import Decision, content_equal, decide, merge_concurrent
from ..storage import exchange_rows as rows
from ..storage import exchange_writes as writes
from ..storage.conflicts import conflict_row
from ..storage.database import Tx
from ..storage.models import ConflictRow
from ..storage.sync import utc_now_text
from . import apply_order, authority
from .erasure import participants_in
from .exchange_schema import foreign_keys
from .exchange_secrets import keep_local_secrets
from .import_check import BATCH, RecordChecks
from .import_report import EntityCounts, ImportReport
from .package_reader import PackageReader
from .signoff_locks import IMMUTABLE_ENTITIES, is_standing

# Immutable here (SQLite triggers): a differing version or a deletion waits for a person.
SIGNED_ENTITIES = IMMUTABLE_ENTITIES


class RecordApply(RecordChecks):
    """The plan and apply pass of `Importer` (state set up by its __init__)."""

    _participants: set[str]  # participants the import touched (erasure)
    _auth: authority.Authority | None
    _deferred: list[tuple[str, list[tuple[dict[str, Any], dict[str, Any]]]]]
    _signed_back: list[tuple[str, dict[str, Any], dict[str, Any]]]  # (entity, row, tombstone)

    def _run(
        self,
        tx: Tx,
        reader: PackageReader,
        entities: list[str],
        report: ImportReport,
        write: bool,
    ) -> str:
        """Compute (and, with write, apply) every decision. Returns the newest hlc seen."""
        newest = ""
        conflicts: list[ConflictRow] = []
        now = utc_now_text()
        if self._auth is not None:
            self._auth.tx = tx
        self._deferred = []
        self._signed_back = []
        for entity in entities:
            if entity == "tombstone":
                continue
            counts = report.entity(entity)
            counts.unchanged += self._kept.held_count(entity)  # skipped in pass 1
            fields = rows.synced_field_names(entity)
            unique_keys = rows.entity_unique_keys(entity)
            batch: list[dict[str, Any]] = []
            for row in self._iter_checked(reader, entity):
                newest = max(newest, row["hlc"])
                batch.append(row)
                if len(batch) >= BATCH:
                    self._batch(
                        tx, entity, batch, fields, unique_keys, counts, conflicts, now, write
                    )
                    batch = []
            self._batch(tx, entity, batch, fields, unique_keys, counts, conflicts, now, write)
        if write:  # signed rows' changes after the reopenings that unlock them (issue 11)
            for entity, updates in self._deferred:
                allowed, refused = apply_order.split_locked(tx, entity, updates)
                writes.update_incoming(tx, entity, allowed)
                fields = rows.synced_field_names(entity)
                for before, after in refused:  # still signed here: the signed one wins
                    report.entity(entity).updated -= 1
                    report.entity(entity).conflicts += 1
                    conflicts.append(
                        _conflict(
                            now,
                            entity,
                            before["id"],
                            "*",
                            _content(before, fields),
                            _content(after, fields),
                            after["hlc"],
                        )
                    )
        if write and self._signed_back:  # signed rows deleted here meanwhile (DESIGN §6)
            self._take_back_signed(tx, report, conflicts, now)
        if "tombstone" in entities:
            report.entity("tombstone").unchanged += self._kept.held_count("tombstone")
            tombstones = list(self._iter_checked(reader, "tombstone"))
            for t in tombstones:
                newest = max(newest, t["hlc"])
            self._tombstones(tx, tombstones, report, conflicts, now, write)
        if write and conflicts:
            for c in conflicts:
                tx.add(c)
            tx.flush()
        return newest

    def _batch(
        self,
        tx: Tx,
        entity: str,
        batch: list[dict[str, Any]],
        fields: list[str],
        unique_keys: list[tuple[str, ...]],
        counts: EntityCounts,
        conflicts: list[ConflictRow],
        now: str,
        write: bool,
    ) -> None:
        if not batch:
            return
        self._participants |= participants_in(entity, batch)
        local = rows.rows_by_id(tx, entity, [r["id"] for r in batch], raw=True)
        if self._auth is not None:
            self._auth.check_rows(entity, batch, local)
        gone = rows.tombstones_for(tx, [(entity, r["id"]) for r in batch])
        taken = self._natural_keys(tx, entity, batch, local, unique_keys)
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for inc in batch:
            tomb = gone.get((entity, inc["id"]))
            if tomb is not None and write and apply_order.may_take_back(entity, inc, tomb):
                self._signed_back.append((entity, inc, tomb))  # decided after the signoffs
                continue
            if tomb is not None:
                counts.blocked += tomb["reason"] == "erasure"
                if tomb["reason"] != "erasure":
                    if inc["hlc"] > tomb["hlc"]:  # an edit the deleter had not seen
                        counts.conflicts += 1
                        conflicts.append(
                            _conflict(
                                now, entity, inc["id"], "*", None, _content(inc, fields), inc["hlc"]
                            )
                        )
                    else:
                        counts.unchanged += 1
                continue
            cur = local.get(inc["id"])
            if cur is not None:
                inc = keep_local_secrets(entity, inc, cur)
            decision = decide(cur, inc)
            if decision is Decision.INSERT:
                clash = next((k for k in unique_keys if taken.get((k, _key(inc, k)))), None)
                if clash is not None:
                    kept_id = taken[(clash, _key(inc, clash))]
                    counts.conflicts += 1
                    conflicts.append(
                        _conflict(
                            now,
                            entity,
                            kept_id,
                            "*",
                            None,
                            {**_content(inc, fields), "id": inc["id"]},
                            inc["hlc"],
                        )
                    )
                    continue
                for k in unique_keys:
                    taken[(k, _key(inc, k))] = inc["id"]
                counts.new += 1
                inserts.append(inc)
            elif decision is Decision.UNCHANGED:
                counts.unchanged += 1
            elif entity in SIGNED_ENTITIES:  # immutable: a differing version waits for a person
                assert cur is not None
                if content_equal(cur, inc, fields):
                    counts.unchanged += 1
                    continue
                counts.blocked += 1
                conflicts.append(
                    _conflict(
                        now,
                        entity,
                        cur["id"],
                        "*",
                        _content(cur, fields),
                        _content(inc, fields),
                        inc["hlc"],
                    )
                )
            elif decision is Decision.REPLACE:
                assert cur is not None
                counts.updated += 1
                updates.append((cur, _db_row(inc)))
            elif entity in apply_order.DEFERRED_UPDATES and inc.get("locked_by"):
                # A concurrent edit met a signed (locked) version: the signed one wins
                # whole on every laptop; ours is kept in the conflict log.
                assert cur is not None
                counts.conflicts += 1
                conflicts.append(
                    _conflict(
                        now,
                        entity,
                        cur["id"],
                        "*",
                        _content(inc, fields),
                        _content(cur, fields),
                        cur["hlc"],
                    )
                )
                updates.append((cur, _db_row(inc)))
            else:
                assert cur is not None
                merged = merge_concurrent(cur, inc, fields)
                assert merged.row is not None
                if merged.lost:
                    counts.conflicts += 1
                    for lost in merged.lost:
                        conflicts.append(
                            _conflict(
                                now,
                                entity,
                                cur["id"],
                                lost.field,
                                lost.kept_value,
                                lost.lost_value,
                                lost.lost_hlc,
                            )
                        )
                else:
                    counts.updated += 1
                updates.append((cur, _db_row(merged.row)))
        if write:
            writes.insert_incoming(tx, entity, inserts)
            if entity in apply_order.DEFERRED_UPDATES:
                self._deferred.append((entity, updates))
            else:
                writes.update_incoming(tx, entity, updates)

    def _take_back_signed(
        self, tx: Tx, report: ImportReport, conflicts: list[ConflictRow], now: str
    ) -> None:
        """A row deleted here that arrives locked by a standing signoff comes back: the
        signed version wins over the deletion (kept in the conflict log), as it wins over
        a concurrent edit. Otherwise the deletion stands, as for any other row."""
        back = apply_order.take_back_signed(tx, self._signed_back)
        for entity, row, tomb in self._signed_back:
            counts = report.entity(entity)
            fields = rows.synced_field_names(entity)
            if row["id"] in back:
                counts.new += 1
                counts.conflicts += 1
                lost = _content(tomb, ["entity", "reason"])
                conflicts.append(
                    _conflict(now, "tombstone", row["id"], "*", None, lost, tomb["hlc"])
                )
            elif row["hlc"] > tomb["hlc"]:  # an edit the deleter had not seen
                counts.conflicts += 1
                lost = _content(row, fields)
                conflicts.append(_conflict(now, entity, row["id"], "*", None, lost, row["hlc"]))
            else:
                counts.unchanged += 1

    def _natural_keys(
        self,
        tx: Tx,
        entity: str,
        batch: list[dict[str, Any]],
        local: dict[str, dict[str, Any]],
        unique_keys: list[tuple[str, ...]],
    ) -> dict[tuple[tuple[str, ...], tuple[Any, ...]], str]:
        """Local rows already holding a natural key that a new incoming row wants."""
        taken: dict[tuple[tuple[str, ...], tuple[Any, ...]], str] = {}
        for key in unique_keys:
            for inc in batch:
                if inc["id"] in local:
                    continue
                values = _key(inc, key)
                found = rows.find_by_natural_key(tx, entity, key, values)
                if found is not None and found != inc["id"]:
                    taken[(key, values)] = found
        return taken

    def _tombstones(
        self,
        tx: Tx,
        tombstones: list[dict[str, Any]],
        report: ImportReport,
        conflicts: list[ConflictRow],
        now: str,
        write: bool,
    ) -> None:
        if self._auth is not None:
            tombstones = self._auth.check_tombstones(tombstones)
        counts = report.entity("tombstone")
        order = {e: i for i, e in enumerate(rows.MODELS_BY_ENTITY)}
        # Children before parents, so nothing is left pointing at a removed row.
        tombstones.sort(key=lambda t: -order.get(t["entity"], 0))
        local_t = rows.tombstones_for(tx, [(t["entity"], t["record_id"]) for t in tombstones])
        dying = {(t["entity"], t["record_id"]) for t in tombstones}
        by_id = rows.existing_ids(tx, "tombstone", [t["id"] for t in tombstones])
        for t in tombstones:
            key = (t["entity"], t["record_id"])
            if t["id"] in by_id or key in local_t:
                if t["id"] not in by_id and write:  # deleted on two laptops at once
                    apply_order.settle_tombstone(tx, local_t[key], t)
                counts.unchanged += 1
                continue
            target = rows.rows_by_id(tx, t["entity"], [t["record_id"]], raw=True).get(
                t["record_id"]
            )
            if target is not None:
                if (
                    t["entity"] in SIGNED_ENTITIES
                    or (t["reason"] != "erasure" and is_standing(tx, target.get("locked_by")))
                    or self._has_living_children(tx, t["entity"], t["record_id"], dying)
                ):
                    counts.blocked += 1
                    conflicts.append(
                        _conflict(
                            now,
                            "tombstone",
                            t["record_id"],
                            "*",
                            None,
                            _content(t, ["entity", "reason"]),
                            t["hlc"],
                        )
                    )
                    continue
                if target["hlc"] > t["hlc"]:  # edited here after the deletion elsewhere
                    fields = rows.synced_field_names(t["entity"])
                    conflicts.append(
                        _conflict(
                            now,
                            t["entity"],
                            t["record_id"],
                            "*",
                            None,
                            _content(target, fields),
                            target["hlc"],
                        )
                    )
                report.entity(t["entity"]).deleted += 1
                if write:
                    writes.delete_incoming(tx, t["entity"], _db_row(target))
            counts.new += 1
            if write:
                writes.insert_incoming(tx, "tombstone", [t])

    def _has_living_children(
        self, tx: Tx, entity: str, record_id: str, dying: set[tuple[str, str]]
    ) -> bool:
        for child in rows.MODELS_BY_ENTITY:
            for column, target in foreign_keys(child):
                if target != entity:
                    continue
                for cid in rows.ids_where_in(tx, child, column, [record_id]):
                    if (child, cid) not in dying:
                        return True
        return False


def _key(row: dict[str, Any], key: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row[k] for k in key)


def _content(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {k: _json(row.get(k)) for k in fields}


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _db_row(row: dict[str, Any]) -> dict[str, Any]:
    """Only the table's columns (rows here hold database values: dates as dates)."""
    return dict(row)


def _conflict(
    now: str, entity: str, record_id: str, field_name: str, kept: Any, lost: Any, lost_hlc: str
) -> ConflictRow:
    return conflict_row(
        entity=entity,
        record_id=record_id,
        field=field_name,
        kept_value=kept,
        lost_value=lost,
        lost_hlc=lost_hlc,
        at=now,
    )
