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
from typing import Any

from ..storage import exchange_rows as rows
from ..storage.database import Tx


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
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
# again. Bounded: beyond the budget an entity is read again from the package (memory
# stays flat for the largest packages; most syncs are far below it).
KEEP_BUDGET = 30_000


class KeptRecords:
    def __init__(self, budget: int = KEEP_BUDGET) -> None:
        self._left = budget
        self._rows: dict[str, list[dict[str, Any]]] = {}
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
        self._rows.setdefault(entity, []).append(row)
        self._left -= 1

    def take(self, entity: str) -> list[dict[str, Any]] | None:
        """The entity's rows (None: read them again from the package). Not consumed:
        the authority check reads some entities before the apply pass does."""
        if entity in self._settled:
            return []
        if entity in self._dropped:
            return None
        return list(self._rows.get(entity, []))
