"""Records kept from the validation pass, within a budget (issue 11 item 5)."""

from __future__ import annotations

from handledare_app.services.import_speed import KeptRecords


def test_kept_within_budget_and_dropped_beyond_it() -> None:
    kept = KeptRecords(budget=3)
    for i in range(2):
        kept.offer("participant", {"id": str(i)})
    for i in range(3):
        kept.offer("evidence", {"id": str(i)})  # the third goes over: read again instead
    kept.offer("tombstone", {"id": "t"})  # the dropped entity's room is free again
    assert [r["id"] for r in kept.take("participant") or []] == ["0", "1"]
    assert kept.take("evidence") is None
    assert list(kept.take("tombstone") or [None]) == [{"id": "t"}]
    assert list(kept.take("placement") or [None]) == []  # none in the package


def test_kept_rows_come_back_equal_and_new_each_time() -> None:
    kept = KeptRecords(budget=10)
    clock = {"title": "h1", "date": "h2"}
    rows = [
        {"id": "a", "participant_id": "p", "field_clock": clock, "vv": {"i": 1}, "t": ["x"]},
        {"id": "b", "participant_id": "p", "field_clock": {}, "vv": {"i": 2, "j": 1}, "t": []},
        {"id": "c", "participant_id": None, "field_clock": {"date": "h2"}, "vv": {}, "t": []},
        {"id": "f", "participant_id": "p", "field_clock": {"x": True}, "vv": {"i": 1.0}, "t": []},
        {"participant_id": "q", "id": "d", "field_clock": {}, "vv": {}, "t": []},  # as it is
        {"id": "e", "participant_id": "p"},  # fewer columns: kept as it is
    ]
    for row in rows:
        kept.offer("evidence", dict(row))
    first = list(kept.take("evidence") or [])
    assert first == rows
    assert [list(r) for r in first] == [list(r) for r in rows]  # column order too
    assert [list(r.get("field_clock", ())) for r in first] == [
        list(r.get("field_clock", ())) for r in rows
    ]
    first[0]["participant_id"] = "z"  # the apply pass may change its rows: kept ones stay
    first[0]["field_clock"]["title"] = "h9"
    assert type(first[3]["field_clock"]["x"]) is bool and type(first[3]["vv"]["i"]) is float
    again = list(kept.take("evidence") or [])
    assert again == rows and again[0]["field_clock"] is not first[0]["field_clock"]
