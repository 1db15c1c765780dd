"""Small numbers in anything that leaves the screen (FOLLOWUP.md §4).

A count below 3 (but above 0) shows as `<3`; a share whose numerator or denominator is
below 3 shows as `–`. A total must not let a hidden cell be worked out by subtraction:
whenever exactly one member of a line (a row or column with its total) is hidden, the
next smallest non-zero visible member of that line is hidden too (shown as `..`), or,
when no such part is left, the line's total. This repeats until every line with a
hidden member has at least two.

Stable API: `suppress_grid(values, row_totals=..., col_totals=...) -> SuppressedGrid`,
`SuppressedGrid.cell_text(r, c)` / `row_total_text(r)` / `col_total_text(c)` /
`grand_total_text()`, `count_text(n, hidden)`, `suppressed_share_text(share)`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .followup import Share

SMALL = "<3"
SECONDARY = ".."
HIDDEN_SHARE = "–"
LIMIT = 3
EXPLANATION = (
    "<3 = färre än tre; .. = dold så att en dold uppgift inte kan räknas fram ur "
    "summorna; – = andel där täljare eller nämnare är under tre."
)


def count_text(n: int, hidden: bool) -> str:
    if not hidden:
        return str(n)
    return SMALL if 0 < n < LIMIT else SECONDARY


def suppressed_share_text(share: Share) -> str:
    if share.numerator < LIMIT or share.denominator < LIMIT:
        return HIDDEN_SHARE
    return share.text()


@dataclass(frozen=True)
class SuppressedGrid:
    values: list[list[int]]
    hidden: list[list[bool]]
    row_totals: list[int] | None
    row_total_hidden: list[bool] | None
    col_totals: list[int] | None
    col_total_hidden: list[bool] | None
    grand_total: int
    grand_total_hidden: bool

    def cell_text(self, r: int, c: int) -> str:
        return count_text(self.values[r][c], self.hidden[r][c])

    def row_total_text(self, r: int) -> str:
        assert self.row_totals is not None and self.row_total_hidden is not None
        return count_text(self.row_totals[r], self.row_total_hidden[r])

    def col_total_text(self, c: int) -> str:
        assert self.col_totals is not None and self.col_total_hidden is not None
        return count_text(self.col_totals[c], self.col_total_hidden[c])

    def grand_total_text(self) -> str:
        return count_text(self.grand_total, self.grand_total_hidden)


# A member of a line: ("cell", r, c), ("rt", r, 0), ("ct", 0, c) or ("gt", 0, 0).
_Ref = tuple[str, int, int]


def suppress_grid(
    values: list[list[int]],
    *,
    row_totals: bool = True,
    col_totals: bool = True,
    enabled: bool = True,
    hide_row_totals: Collection[int] = (),
    hide_col_totals: Collection[int] = (),
    hide_grand_total: bool = False,
) -> SuppressedGrid:
    """Which cells and totals to hide. `enabled=False` hides nothing (internal use).
    `hide_row_totals` / `hide_col_totals` / `hide_grand_total`: totals to hide from the
    start (non-zero ones), because another table shows the same total hidden; the rule
    then protects them like any other hidden member."""
    rows = len(values)
    cols = len(values[0]) if rows else 0
    rts = [sum(r) for r in values]
    cts = [sum(values[r][c] for r in range(rows)) for c in range(cols)]
    grand = sum(rts)

    def value(ref: _Ref) -> int:
        kind, r, c = ref
        if kind == "cell":
            return values[r][c]
        if kind == "rt":
            return rts[r]
        if kind == "ct":
            return cts[c]
        return grand

    lines: list[tuple[list[_Ref], _Ref | None]] = []  # (parts, total)
    if row_totals:
        for r in range(rows):
            lines.append(([("cell", r, c) for c in range(cols)], ("rt", r, 0)))
    if col_totals:
        for c in range(cols):
            lines.append(([("cell", r, c) for r in range(rows)], ("ct", 0, c)))
    if row_totals and col_totals:
        lines.append(([("rt", r, 0) for r in range(rows)], ("gt", 0, 0)))
        lines.append(([("ct", 0, c) for c in range(cols)], ("gt", 0, 0)))
    elif row_totals:
        lines.append(([("rt", r, 0) for r in range(rows)], ("gt", 0, 0)))
    elif col_totals:
        lines.append(([("ct", 0, c) for c in range(cols)], ("gt", 0, 0)))

    members: set[_Ref] = {("cell", r, c) for r in range(rows) for c in range(cols)}
    for parts, total in lines:
        members.update(parts)
        if total is not None:
            members.add(total)
    hidden: set[_Ref] = set()
    if enabled:
        hidden = {m for m in members if 0 < value(m) < LIMIT}
        forced: set[_Ref] = {("rt", r, 0) for r in hide_row_totals if row_totals}
        forced |= {("ct", 0, c) for c in hide_col_totals if col_totals}
        if hide_grand_total and (row_totals or col_totals):
            forced.add(("gt", 0, 0))
        hidden |= {m for m in forced if m in members and value(m) > 0}
        changed = True
        while changed:
            changed = False
            for parts, total in lines:
                line = [*parts, *([total] if total else [])]
                if sum(1 for m in line if m in hidden) != 1:
                    continue
                candidates = sorted(
                    (m for m in parts if m not in hidden and value(m) > 0), key=value
                )
                if candidates:
                    hidden.add(candidates[0])
                    changed = True
                elif total is not None and total not in hidden and value(total) > 0:
                    hidden.add(total)
                    changed = True

    return SuppressedGrid(
        values=values,
        hidden=[[("cell", r, c) in hidden for c in range(cols)] for r in range(rows)],
        row_totals=rts if row_totals else None,
        row_total_hidden=[("rt", r, 0) in hidden for r in range(rows)] if row_totals else None,
        col_totals=cts if col_totals else None,
        col_total_hidden=[("ct", 0, c) in hidden for c in range(cols)] if col_totals else None,
        grand_total=grand,
        grand_total_hidden=("gt", 0, 0) in hidden,
    )
