"""Records files already applied here, byte for byte (issue 11 item 5: a resent package).

A package's records file (`records/<entity>.jsonl`) is named in the signed manifest with
its sha256, and `check_members` has verified that hash before records are read. When an
earlier import applied a file with that very hash and every one of its records was
settled then (new, updated or unchanged: no conflict, nothing blocked or refused), each
of those records is held here in that version or a later one, or was deleted later:
the merge would call every one of them unchanged again. Such a file is counted
unchanged without reading a line, which is what makes re-sending a package cheap.

Not for tombstones (a deletion blocked once, e.g. by living children, may apply later),
nor for a file any record of which lost, was blocked or refused: those are read again
record by record. The list lives in the import log's summary, inside the database, so a
restored backup forgets exactly what it no longer holds.
"""

from __future__ import annotations

from typing import Any

from ..storage.database import Tx
from ..storage.models import ImportLogRow

KEY = "settled_members"
NEVER = frozenset({"tombstone"})


def member_name(entity: str) -> str:
    return f"records/{entity}.jsonl"


def unread(name: str, sha256: str, settled_files: dict[str, int]) -> bool:
    """The package member `name` with that (signed) sha256 is a records file applied here
    in full before: it is never read, so its hash needs no check either."""
    if not name.startswith("records/") or not name.endswith(".jsonl"):
        return False
    entity = name[len("records/") : -len(".jsonl")]
    return "/" not in entity and entity not in NEVER and sha256 in settled_files


def settled(tx: Tx, kind: str) -> dict[str, int]:
    """sha256 of a records file applied here in full → how many records it held."""
    out: dict[str, int] = {}
    for row in tx.find(ImportLogRow, kind=kind, result="applied"):
        summary = row.summary
        items = summary.get(KEY) if isinstance(summary, dict) else None
        if not isinstance(items, dict):
            continue
        for digest, count in items.items():
            if isinstance(digest, str) and isinstance(count, int):
                out[digest] = count
    return out


def to_record(members: dict[str, str], counts: dict[str, Any]) -> dict[str, int]:
    """{sha256: records} of this import's records files that were settled in full.
    `members`: entity → the file's verified sha256; `counts`: entity → EntityCounts."""
    out: dict[str, int] = {}
    for entity, digest in members.items():
        c = counts.get(entity)
        if entity in NEVER or c is None or c.conflicts or c.blocked or c.deleted:
            continue
        out[digest] = c.new + c.updated + c.unchanged
    return out
