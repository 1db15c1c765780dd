"""Hybrid logical clock and version vectors."""

from __future__ import annotations

from collections.abc import Callable

from handledare_app.domain.clock import Hlc, HlcClock, Order, vv_bump, vv_compare, vv_merge


def fixed(times: list[int]) -> Callable[[], int]:
    """A wall clock that returns the given milliseconds, then repeats the last one."""
    it = iter(times)
    last = [times[0]]

    def now() -> int:
        last[0] = next(it, last[0])
        return last[0]

    return now


def test_encode_decode_round_trip_with_dashes_in_node() -> None:
    h = Hlc(1_790_000_000_123, 42, "0192f0c8-aaaa-7bbb-8ccc-0123456789ab")
    assert Hlc.decode(h.encode()) == h


def test_text_order_matches_clock_order() -> None:
    stamps = [Hlc(5, 0, "b"), Hlc(5, 1, "a"), Hlc(12, 0, "a"), Hlc(1000, 3, "a")]
    assert sorted(stamps) == stamps
    assert sorted(s.encode() for s in stamps) == [s.encode() for s in stamps]


def test_tick_is_strictly_increasing_when_wall_clock_stands_still() -> None:
    clock = HlcClock("n1", now_ms=fixed([1000]))
    stamps = [clock.tick() for _ in range(100)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 100
    assert Hlc.decode(stamps[-1]) == Hlc(1000, 99, "n1")


def test_tick_never_goes_back_when_wall_clock_does() -> None:
    clock = HlcClock("n1", now_ms=fixed([5000, 4000, 3000, 6000]))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps)
    assert [Hlc.decode(s).wall_ms for s in stamps] == [5000, 5000, 5000, 6000]
    assert Hlc.decode(stamps[-1]).counter == 0


def test_observe_remote_ahead_makes_next_tick_later_than_remote() -> None:
    clock = HlcClock("local", now_ms=fixed([1000]))
    clock.tick()
    remote = Hlc(9000, 7, "remote").encode()
    clock.observe(remote)
    after = clock.tick()
    assert Hlc.decode(after) > Hlc.decode(remote)
    assert Hlc.decode(after).wall_ms == 9000
    assert Hlc.decode(after).node == "local"


def test_observe_remote_behind_keeps_local_order() -> None:
    clock = HlcClock("local", now_ms=fixed([5000]))
    before = clock.tick()
    clock.observe(Hlc(10, 99, "remote").encode())
    after = clock.tick()
    assert after > before


def test_observe_same_wall_takes_larger_counter() -> None:
    clock = HlcClock("local", now_ms=fixed([7000]))
    clock.tick()  # 7000/0
    clock.observe(Hlc(7000, 20, "remote").encode())
    assert Hlc.decode(clock.tick()) == Hlc(7000, 22, "local")


def test_vv_bump_adds_one_without_mutating_input() -> None:
    vv = {"a": 2}
    assert vv_bump(vv, "a") == {"a": 3}
    assert vv_bump(vv, "b") == {"a": 2, "b": 1}
    assert vv == {"a": 2}


def test_vv_compare_equal_before_after_concurrent() -> None:
    assert vv_compare({"a": 1, "b": 2}, {"b": 2, "a": 1}) is Order.EQUAL
    assert vv_compare({}, {}) is Order.EQUAL
    assert vv_compare({"a": 1}, {"a": 2}) is Order.BEFORE
    assert vv_compare({"a": 2, "b": 1}, {"a": 2}) is Order.AFTER
    assert vv_compare({"a": 2}, {"b": 1}) is Order.CONCURRENT
    assert vv_compare({"a": 2, "b": 0}, {"a": 1, "b": 1}) is Order.CONCURRENT


def test_vv_compare_treats_missing_entries_as_zero() -> None:
    assert vv_compare({"a": 1, "b": 0}, {"a": 1}) is Order.EQUAL
    assert vv_compare({}, {"a": 1}) is Order.BEFORE


def test_vv_merge_is_pointwise_max_and_commutative() -> None:
    a = {"x": 3, "y": 1}
    b = {"y": 4, "z": 2}
    merged = vv_merge(a, b)
    assert merged == {"x": 3, "y": 4, "z": 2}
    assert vv_merge(b, a) == merged
    assert vv_compare(merged, a) is Order.AFTER
    assert vv_compare(merged, b) is Order.AFTER
    assert vv_merge(merged, merged) == merged
