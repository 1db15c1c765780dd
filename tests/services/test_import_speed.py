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
    assert kept.take("tombstone") == [{"id": "t"}]
    assert kept.take("placement") == []  # none in the package
