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


def settle_tombstone(tx: Tx, local: dict[str, Any], incoming: dict[str, Any]) -> None:
    """Two laptops deleted the same record: both keep the tombstone with the lower id,
    so every laptop ends with the same one whatever order packages arrive in."""
    if incoming["id"] >= local["id"]:
        return
    rows.delete_incoming(tx, "tombstone", local)
    rows.insert_incoming(tx, "tombstone", [incoming])
