"""The order an import applies a package's records in (issue 11 item 4).

Entities go parents first (the model order), so every reference resolves. Rows a
signoff can lock are the exception for *updates*: a change to a locked row is allowed
only once the reopening that unlocks it exists (SQLite triggers, migration 0002), and a
re-signed row points at a signoff that may arrive in the same package. So updates of
lockable rows are applied after every insert of the package: after its signoffs,
reopenings, QA reviews and certificates. Inserts of lockable rows are never refused by
the lock triggers and keep their place. Deletions (tombstones) come last, children first.
"""

from __future__ import annotations

from typing import Any

from ..storage import exchange_rows as rows
from ..storage.database import Tx

# Tables with a `locked_by` column (storage/migrations/versions/0002_signing.py LOCKABLE).
DEFERRED_UPDATES = frozenset(
    {"enrollment", "evidence", "attachment", "evidence_criterion", "assessment"}
)


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

    def skip(self, entity: str, record_id: str) -> None:
        """A record held here in that version: counted, not kept, not read again."""
        self._held.setdefault(entity, set()).add(record_id)

    def held_ids(self, entity: str) -> set[str]:
        return self._held.get(entity, set())

    def all_held(self) -> bool:
        """Every record of the package is held here in that version: nothing to write."""
        return not self._dropped and not any(self._rows.values())

    def held_count(self, entity: str) -> int:
        return len(self._held.get(entity, ()))

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
        """The entity's rows, once (None: read them again from the package)."""
        if entity in self._dropped:
            return None
        rows_ = self._rows.pop(entity, None)
        if rows_ is not None:
            self._left += len(rows_)
        return rows_ if rows_ is not None else []


def settle_tombstone(tx: Tx, local: dict[str, Any], incoming: dict[str, Any]) -> None:
    """Two laptops deleted the same record: both keep the tombstone with the lower id,
    so every laptop ends with the same one whatever order packages arrive in."""
    if incoming["id"] >= local["id"]:
        return
    rows.delete_incoming(tx, "tombstone", local)
    rows.insert_incoming(tx, "tombstone", [incoming])
