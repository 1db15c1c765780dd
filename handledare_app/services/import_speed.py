"""Import speed (issue 11 item 5): what the apply pass need not do again.

- Records this laptop already holds in exactly that version are counted and left out
  in the validation pass (never checked further, parsed twice or written).
- Records checked in the validation pass are kept for the apply pass (within a
  budget), instead of reading and parsing the package a second time.
- Python's cycle collector is paused while an import runs: the many short-lived
  dicts of a large package otherwise trigger full collections over and over.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..storage import exchange_rows as rows
from ..storage.database import Tx
from .exchange_schema import foreign_keys


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while tens of thousands of short-lived records or
    tuples are made (none form cycles): it cut the import's and the figures' computing time
    markedly (bench_exchange.py, bench_stats.py). Restored as it was, also on error."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def held_versions(tx: Tx, entity: str, ids: list[Any]) -> dict[str, Any]:
    """id → version vector of the records this laptop holds among `ids` (text ids only)."""
    return rows.version_vectors(tx, entity, [i for i in ids if isinstance(i, str)])


def same_version(raw: Any, held: dict[str, Any]) -> bool:
    """An incoming record this laptop already holds in exactly that version (equal
    version vector: the merge would say "unchanged"). Such records are counted and
    left out before any checking or full row read, so re-sending what a receiver
    has costs little; they are never written, so they cannot harm."""
    if not isinstance(raw, dict):
        return False
    rid = raw.get("id")
    return isinstance(rid, str) and rid in held and held[rid] == raw.get("vv")


# Records kept from the validation pass so the apply pass need not read and parse them
# again. Kept compact (`_pack`): a tuple of values per record, the column names once per
# entity, and the values that repeat from record to record (ids of referenced records,
# clocks: each field's clock is mostly the record's own) stored once. Bounded: beyond the budget an entity is read again
# from the package (memory stays flat for the largest packages; the 100 MB package of
# benchmarks/bench_exchange.py, ~53 000 records, is kept whole).
KEEP_BUDGET = 80_000


class KeptRecords:
    def __init__(self, budget: int = KEEP_BUDGET) -> None:
        self._left = budget
        self._rows: dict[str, list[tuple[Any, ...] | dict[str, Any]]] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._plan: dict[str, _Plan] = {}
        self._memo: dict[Any, Any] = {}
        self._dropped: set[str] = set()
        self._held: dict[str, set[str]] = {}
        self._settled: dict[str, int] = {}

    def settle(self, entity: str, count: int) -> None:
        """The entity's whole records file was applied here before (services/
        settled_members.py): `count` records counted unchanged, none read or kept."""
        self._settled[entity] = count

    def settled(self, entity: str) -> bool:
        return entity in self._settled

    def skip(self, entity: str, record_id: str) -> None:
        """A record held here in that version: counted, not kept, not read again."""
        self._held.setdefault(entity, set()).add(record_id)

    def held_ids(self, entity: str) -> set[str]:
        return self._held.get(entity, set())

    def all_held(self) -> bool:
        """Every record of the package is held here in that version: nothing to write."""
        return not self._dropped and not any(self._rows.values())

    def held_count(self, entity: str) -> int:
        return len(self._held.get(entity, ())) + self._settled.get(entity, 0)

    def offer(self, entity: str, row: dict[str, Any]) -> None:
        if entity in self._dropped:
            return
        if self._left <= 0:
            self._dropped.add(entity)
            self._left += len(self._rows.pop(entity, []))
            return
        keys = self._keys.get(entity)
        if keys is None:
            keys = self._keys[entity] = tuple(row)
            self._plan[entity] = _plan(entity, keys)
        # Same column names in the same order (every record a package's writer made):
        # packed; anything else is kept as it is.
        if len(row) == len(keys) and tuple(row) == keys:
            self._rows.setdefault(entity, []).append(self._pack(row, self._plan[entity]))
        else:
            self._rows.setdefault(entity, []).append(row)
        self._left -= 1

    def _pack(self, row: dict[str, Any], plan: _Plan) -> tuple[Any, ...]:
        remember = self._memo.setdefault
        values = list(row.values())
        for i in plan.shared:
            value = values[i]
            if type(value) is str:
                values[i] = remember(value, value)
        for i in plan.maps:
            value = values[i]
            if type(value) is dict:
                names = tuple(value)
                inner = tuple(value.values())
                if _TEXT_OR_INT.issuperset(map(type, inner)):  # never a bool, float, …
                    inner = tuple(map(remember, inner, inner))
                values[i] = _Packed(remember(names, names), inner)
        return tuple(values)

    def take(self, entity: str) -> Iterator[dict[str, Any]] | None:
        """The entity's rows, each a new dict (None: read them again from the package).
        Not consumed: the authority check reads some entities before the apply pass does."""
        if entity in self._settled:
            return iter(())
        if entity in self._dropped:
            return None
        keys = self._keys.get(entity, ())
        return self._rows_of(self._rows.get(entity, []), keys, self._plan.get(entity))

    @staticmethod
    def _rows_of(
        kept: list[tuple[Any, ...] | dict[str, Any]], keys: tuple[str, ...], plan: _Plan | None
    ) -> Iterator[dict[str, Any]]:
        maps = [(i, keys[i]) for i in plan.maps] if plan is not None else []
        for row in kept:
            if type(row) is tuple:
                out = dict(zip(keys, row, strict=True))
                for i, name in maps:
                    value = row[i]
                    if type(value) is _Packed:
                        out[name] = dict(zip(value.names, value.values, strict=True))
                yield out
            else:
                yield dict(row)


class _Packed:
    """A dict value of a kept record (field clocks, version vectors), packed."""

    __slots__ = ("names", "values")

    def __init__(self, names: tuple[Any, ...], values: tuple[Any, ...]) -> None:
        self.names = names
        self.values = values


_TEXT_OR_INT = frozenset({str, int})


class _Plan(NamedTuple):
    shared: tuple[int, ...]  # text columns whose values repeat across records
    maps: tuple[int, ...]  # columns holding a dict (field clocks, version vectors)


def _plan(entity: str, keys: tuple[str, ...]) -> _Plan:
    """Never free text: ids of referenced records and clocks only."""
    shared = {"hlc", "origin", "locked_by", *(column for column, _t in foreign_keys(entity))}
    return _Plan(
        tuple(i for i, k in enumerate(keys) if k in shared),
        tuple(i for i, k in enumerate(keys) if k in ("field_clock", "vv")),
    )
