"""Records kept from the validation pass, within a budget (issue 11 item 5)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from handledare_app.services.app import App
from handledare_app.services.exchange_import import Importer
from handledare_app.services.import_speed import KeptRecords
from handledare_app.services.package import PackageError
from tests.exchange_helpers import open_second, repack, rich_participant, same_workplace, unpack


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


def test_an_import_lets_go_of_its_kept_records(app: App, admin_id: str, tmp_path: Path) -> None:
    """Kept records are released while the collector is still paused (so no full
    collection walks them), after a refused import as after an applied one."""
    b = open_second(tmp_path / "b")
    try:
        same_workplace(app, b, tmp_path)
        rich_participant(app, admin_id, "Märta", tmp_path)
        good = tmp_path / "p.hpkg"
        app.exchange.export(good, profile="exchange", recipients=[b.keys.age_recipient])
        members = unpack(b, good)
        bad = dict(members)
        lines = bad["records/placement.jsonl"].splitlines()
        bad["records/placement.jsonl"] = b"\n".join([*lines, b'{"id": 7}']) + b"\n"
        refused = repack(tmp_path / "bad.hpkg", bad, recipient=b.keys.age_recipient, sign=app.keys)
        for path, applied in ((refused, False), (good, True)):
            importer = Importer(b)
            seen: list[bool] = []
            offer = importer._kept.offer

            def watch(
                entity: str, row: dict[str, Any], offer: Any = offer, seen: list[bool] = seen
            ) -> None:
                seen.append(gc.isenabled())
                offer(entity, row)

            importer._kept.offer = watch  # type: ignore[method-assign]
            if applied:
                assert importer.run(path).applied
            else:
                with pytest.raises(PackageError):
                    importer.run(path)
            assert seen and not any(seen)  # records were kept with the collector paused
            assert importer._kept.all_held()  # and are let go of
            assert gc.isenabled()
    finally:
        b.close()
