"""Record merge by version vector and per-field clock (domain/merge.py)."""

from __future__ import annotations

from typing import Any

from handledare_app.domain.merge import Decision, decide, merge_concurrent


def row(vv: dict[str, int], clock: dict[str, str], **values: Any) -> dict[str, Any]:
    return {
        "id": "r",
        "vv": vv,
        "field_clock": clock,
        "hlc": max(clock.values()),
        "updated_at": "",
        **values,
    }


A1 = "0000000000001-00000-A"
A2 = "0000000000002-00000-A"
B3 = "0000000000003-00000-B"


def test_decisions() -> None:
    base = row({"A": 1}, {"x": A1}, x=1)
    assert decide(None, base) is Decision.INSERT
    assert decide(base, row({"A": 2}, {"x": A2}, x=2)) is Decision.REPLACE
    assert decide(row({"A": 2}, {"x": A2}, x=2), base) is Decision.UNCHANGED
    assert decide(base, base) is Decision.UNCHANGED
    assert decide(row({"A": 2}, {"x": A2}, x=2), row({"A": 1, "B": 1}, {"x": B3}, x=3)) is (
        Decision.MERGE
    )


def test_same_field_later_clock_wins_and_the_other_value_is_lost() -> None:
    local = row({"A": 2}, {"x": A2, "y": A1}, x="a", y=0)
    incoming = row({"A": 1, "B": 1}, {"x": B3, "y": A1}, x="b", y=0)
    result = merge_concurrent(local, incoming, ["x", "y"])
    assert result.row is not None and result.row["x"] == "b"
    assert result.row["vv"] == {"A": 2, "B": 1}
    assert result.row["field_clock"]["x"] == B3
    [lost] = result.lost
    assert (lost.field, lost.kept_value, lost.lost_value, lost.lost_hlc) == ("x", "b", "a", A2)


def test_different_fields_merge_without_loss() -> None:
    local = row({"A": 2}, {"x": A2, "y": A1}, x="a", y=0)
    incoming = row({"A": 1, "B": 1}, {"x": A1, "y": B3}, x="", y=5)
    result = merge_concurrent(local, incoming, ["x", "y"])
    assert result.row is not None
    assert (result.row["x"], result.row["y"]) == ("a", 5)
    assert result.lost == []


def test_merging_is_the_same_on_both_sides() -> None:
    local = row({"A": 2}, {"x": A2, "y": A1}, x="a", y=0)
    incoming = row({"A": 1, "B": 1}, {"x": B3, "y": A1}, x="b", y=0)
    one = merge_concurrent(local, incoming, ["x", "y"]).row
    two = merge_concurrent(incoming, local, ["x", "y"]).row
    assert one is not None and two is not None
    for key in ("x", "y", "vv", "field_clock", "hlc"):
        assert one[key] == two[key]
