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
from ..storage import exchange_writes as writes
from ..storage.database import Tx
from ..storage.models import SignoffReopeningRow

# Tables with a `locked_by` column (storage/migrations/versions/0002_signing.py LOCKABLE).
DEFERRED_UPDATES = frozenset(
    {"enrollment", "evidence", "attachment", "evidence_criterion", "assessment"}
)


def settle_tombstone(tx: Tx, local: dict[str, Any], incoming: dict[str, Any]) -> None:
    """Two laptops deleted the same record: both keep the tombstone with the lower id,
    so every laptop ends with the same one whatever order packages arrive in."""
    if incoming["id"] >= local["id"]:
        return
    writes.delete_incoming(tx, "tombstone", local)
    writes.insert_incoming(tx, "tombstone", [incoming])


Change = tuple[dict[str, Any], dict[str, Any]]


def split_locked(tx: Tx, entity: str, updates: list[Change]) -> tuple[list[Change], list[Change]]:
    """(allowed, refused): an update that would change a row still locked here by a
    standing signoff (no reopening, not even in this package) is refused; the signed
    version is kept and the incoming one goes to the conflict log. The laptop that
    edited concurrently takes the signed version when it arrives, so all agree."""
    locks = {b["locked_by"] for b, _a in updates if b.get("locked_by")}
    if not locks:
        return updates, []
    reopened_ids = rows.ids_where_in(tx, "signoff_reopening", "signoff_id", locks)
    reopened = set(rows.column_values(tx, "signoff_reopening", "signoff_id", reopened_ids).values())
    fields = rows.synced_field_names(entity)
    allowed: list[Change] = []
    refused: list[Change] = []
    for before, after in updates:
        lock = before.get("locked_by")
        standing = lock is not None and lock not in reopened
        if standing and any(before.get(f) != after.get(f) for f in fields):
            refused.append((before, after))
        else:
            allowed.append((before, after))
    return allowed, refused


def may_take_back(entity: str, incoming: dict[str, Any], tombstone: dict[str, Any]) -> bool:
    """A lockable row deleted here arrives locked by a signoff: it may come back if that
    signoff stands once the package is in (`take_back_signed`). Never over an erasure."""
    return (
        entity in DEFERRED_UPDATES
        and bool(incoming.get("locked_by"))
        and tombstone.get("reason") != "erasure"
    )


def take_back_signed(
    tx: Tx, candidates: list[tuple[str, dict[str, Any], dict[str, Any]]]
) -> set[str]:
    """After every insert of the package: put back the rows (parents first, the model
    order they were collected in) whose lock is a standing signoff here, removing the
    local tombstone. Returns the ids put back."""
    locks = {str(row["locked_by"]) for _, row, _ in candidates}
    reopened = {r.signoff_id for r in tx.find_in(SignoffReopeningRow, "signoff_id", sorted(locks))}
    standing = rows.existing_ids(tx, "signoff", locks) - reopened  # reopened: deletion stands
    back: set[str] = set()
    for entity, row, tomb in candidates:
        if str(row["locked_by"]) not in standing:
            continue
        writes.delete_incoming(tx, "tombstone", tomb)
        writes.insert_incoming(tx, entity, [row])
        back.add(str(row["id"]))
    return back
