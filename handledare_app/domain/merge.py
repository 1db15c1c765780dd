"""Merging two versions of one replicated record (DESIGN §5). Pure functions.

Per record the version vectors decide: the incoming version is new, newer, older or
equal, or both sides changed it without seeing each other (concurrent). Concurrent
versions are merged field by field: for each field the side whose per-field clock is
later wins, and the other side's value is reported as lost, so it can be written to
the conflict log and reverted by a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .clock import Hlc, Order, vv_compare, vv_merge

SYNC_FIELDS = frozenset({"id", "created_at", "updated_at", "hlc", "vv", "field_clock", "origin"})


class Decision(Enum):
    INSERT = "insert"
    REPLACE = "replace"
    UNCHANGED = "unchanged"
    MERGE = "merge"


@dataclass(frozen=True)
class LostValue:
    field: str
    kept_value: Any
    lost_value: Any
    lost_hlc: str


@dataclass
class MergeResult:
    decision: Decision
    row: dict[str, Any] | None = None  # the row to write (None: nothing to write)
    lost: list[LostValue] = field(default_factory=list)


def decide(local: Mapping[str, Any] | None, incoming: Mapping[str, Any]) -> Decision:
    if local is None:
        return Decision.INSERT
    order = vv_compare(incoming.get("vv") or {}, local.get("vv") or {})
    if order is Order.AFTER:
        return Decision.REPLACE
    if order is Order.CONCURRENT:
        return Decision.MERGE
    return Decision.UNCHANGED


def merge_concurrent(
    local: Mapping[str, Any], incoming: Mapping[str, Any], fields: Iterable[str]
) -> MergeResult:
    """Field by field by the per-field clock; the losing side of each differing field
    is returned in `lost`. The merged row's vv covers both sides."""
    lclock: Mapping[str, str] = local.get("field_clock") or {}
    iclock: Mapping[str, str] = incoming.get("field_clock") or {}
    merged: dict[str, Any] = dict(local)
    clock: dict[str, str] = dict(lclock)
    lost: list[LostValue] = []
    for name in fields:
        lv, iv = local.get(name), incoming.get(name)
        lc, ic = lclock.get(name, ""), iclock.get(name, "")
        incoming_wins = ic > lc
        if lv == iv:
            clock[name] = max(lc, ic)
            continue
        if incoming_wins:
            merged[name] = iv
            clock[name] = ic
            if _unseen(lc, incoming, local):
                lost.append(LostValue(name, iv, lv, lc or str(local.get("hlc", ""))))
        elif _unseen(ic, local, incoming):
            lost.append(LostValue(name, lv, iv, ic or str(incoming.get("hlc", ""))))
    merged["field_clock"] = clock
    merged["vv"] = vv_merge(local.get("vv") or {}, incoming.get("vv") or {})
    merged["hlc"] = max(str(local.get("hlc", "")), str(incoming.get("hlc", "")))
    merged["updated_at"] = max(
        str(local.get("updated_at", "")), str(incoming.get("updated_at", ""))
    )
    return MergeResult(Decision.MERGE, merged, lost)


def _unseen(stamp: str, winner: Mapping[str, Any], loser: Mapping[str, Any]) -> bool:
    """Whether the losing value may be an edit the winning side never saw.

    The stamp names the installation `n` that wrote the value. The winner has seen it if
    its version vector counts at least as many edits by `n` as the loser's, or if the
    winner holds any stamp by `n` at least as new (versions of one record from `n`
    include all of `n`'s earlier edits). Otherwise it counts as a conflict: conservative,
    a false alarm costs a line in the conflict log, never data.
    """
    try:
        node = Hlc.decode(stamp).node
    except ValueError:
        return True
    if (winner.get("vv") or {}).get(node, 0) >= (loser.get("vv") or {}).get(node, 0):
        return False
    for other in (winner.get("field_clock") or {}).values():
        try:
            if Hlc.decode(other).node == node and other >= stamp:
                return False
        except ValueError:
            continue
    return True


def content_equal(a: Mapping[str, Any], b: Mapping[str, Any], fields: Iterable[str]) -> bool:
    return all(a.get(f) == b.get(f) for f in fields)
