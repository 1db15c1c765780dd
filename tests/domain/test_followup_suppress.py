"""Small numbers in files (FOLLOWUP.md §4): below 3 hidden, and never recoverable by
subtraction from a total."""

from __future__ import annotations

import itertools

from handledare_app.domain.followup import Share
from handledare_app.domain.followup_suppress import suppress_grid, suppressed_share_text


def _recoverable(values: list[list[int]], g: object) -> list[tuple[int, int]]:
    """Cells a reader can work out: the only hidden member of a row or column whose
    total is shown (brute force over the visible numbers)."""
    out = []
    rows, cols = len(values), len(values[0])
    for r, c in itertools.product(range(rows), range(cols)):
        if not g.hidden[r][c]:  # type: ignore[attr-defined]
            continue
        row_others = [g.hidden[r][k] for k in range(cols) if k != c]  # type: ignore[attr-defined]
        col_others = [g.hidden[k][c] for k in range(rows) if k != r]  # type: ignore[attr-defined]
        if not any(row_others) and g.row_totals and not g.row_total_hidden[r]:  # type: ignore[attr-defined]
            out.append((r, c))
        if not any(col_others) and g.col_totals and not g.col_total_hidden[c]:  # type: ignore[attr-defined]
            out.append((r, c))
    return out


def test_one_row_hides_small_and_the_next_smallest() -> None:
    g = suppress_grid([[1, 7, 12, 0]], col_totals=False)
    assert [g.cell_text(0, c) for c in range(4)] == ["<3", "..", "12", "0"]
    assert g.row_total_text(0) == "20"


def test_alone_in_its_row_hides_the_total() -> None:
    g = suppress_grid([[2, 0, 0]], col_totals=False)
    assert g.cell_text(0, 0) == "<3" and g.row_total_text(0) == "<3"


def test_nothing_small_nothing_hidden_and_switch_off() -> None:
    g = suppress_grid([[3, 4], [5, 9]])
    assert not any(itertools.chain(*g.hidden))
    off = suppress_grid([[1, 4], [5, 9]], enabled=False)
    assert off.cell_text(0, 0) == "1"


def test_two_way_tables_never_leak_a_hidden_cell() -> None:
    grids = [
        [[1, 5, 8], [6, 7, 9], [4, 10, 2]],
        [[2, 0, 30], [0, 0, 4], [9, 1, 3]],
        [[1, 1], [1, 1]],
        [[10, 20, 1], [30, 40, 50]],
    ]
    for values in grids:
        g = suppress_grid(values)
        assert _recoverable(values, g) == [], values
        for r, row in enumerate(values):
            for c, v in enumerate(row):
                if 0 < v < 3:
                    assert g.cell_text(r, c) == "<3"


def test_shares_with_small_parts_are_dashes() -> None:
    assert suppressed_share_text(Share(3, 7)) == "42,9 %"
    assert suppressed_share_text(Share(2, 7)) == "–"
    assert suppressed_share_text(Share(0, 2)) == "–"
