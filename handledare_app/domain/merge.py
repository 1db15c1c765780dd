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

from .clock import Order, vv_compare, vv_merge

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
            lost.append(LostValue(name, iv, lv, lc or str(local.get("hlc", ""))))
        else:
            lost.append(LostValue(name, lv, iv, ic or str(incoming.get("hlc", ""))))
    merged["field_clock"] = clock
    merged["vv"] = vv_merge(local.get("vv") or {}, incoming.get("vv") or {})
    merged["hlc"] = max(str(local.get("hlc", "")), str(incoming.get("hlc", "")))
    merged["updated_at"] = max(
        str(local.get("updated_at", "")), str(incoming.get("updated_at", ""))
    )
    return MergeResult(Decision.MERGE, merged, lost)


def content_equal(a: Mapping[str, Any], b: Mapping[str, Any], fields: Iterable[str]) -> bool:
    return all(a.get(f) == b.get(f) for f in fields)
