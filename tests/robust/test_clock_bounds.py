"""The remote clock is bounded: far-future stamps are refused; the counter never overflows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from handledare_app.domain.clock import MAX_COUNTER, MAX_FUTURE_MS, Hlc, HlcClock
from handledare_app.domain.errors import UserError
from handledare_app.services.app import App
from tests.exchange_helpers import digests, open_second, rich_participant, trust_each_other


def test_counter_moves_the_wall_on_instead_of_growing_a_digit() -> None:
    clock = HlcClock("n", now_ms=lambda: 1_000)
    clock.observe(Hlc(1_000, MAX_COUNTER, "m").encode())
    stamps = [clock.tick() for _ in range(3)]
    assert stamps == sorted(stamps)
    assert all(len(s.split("-")[1]) == 5 for s in stamps)
    assert Hlc.decode(stamps[-1]) > Hlc(1_000, MAX_COUNTER, "m")
    assert stamps[0] > Hlc(1_000, MAX_COUNTER, "m").encode()  # text order is causal order


def test_observe_ignores_a_stamp_far_ahead() -> None:
    clock = HlcClock("n", now_ms=lambda: 5_000)
    clock.observe(Hlc(5_000 + MAX_FUTURE_MS + 1, 0, "m").encode())
    assert Hlc.decode(clock.tick()).wall_ms == 5_000
    clock.observe(Hlc(5_000 + MAX_FUTURE_MS - 1, 0, "m").encode())  # within a day: followed
    assert Hlc.decode(clock.tick()).wall_ms == 5_000 + MAX_FUTURE_MS - 1


def test_package_from_a_clock_years_ahead_is_refused_naming_the_sender(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    b = open_second(tmp_path / "b")
    try:
        trust_each_other(app, b, tmp_path)
        ahead = 3 * 365 * 24 * 3600 * 1000
        app.db.clock._now_ms = lambda: time.time_ns() // 1_000_000 + ahead
        rich_participant(app, admin_id, "Åke", tmp_path)
        out = tmp_path / "p.hpkg"
        app.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient])
        before = digests(b)
        with pytest.raises(UserError, match="Kontorsdatorn") as refused:
            b.exchange.import_file(out)
        assert "fram i tiden" in refused.value.message
        assert digests(b) == before
        assert b.participants.list() == []
    finally:
        b.close()
