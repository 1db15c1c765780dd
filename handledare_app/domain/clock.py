"""Hybrid logical clock and version vectors for replicated records.

An HLC timestamp is text that sorts in causal order: wall milliseconds, a
counter, then the installation id as tie-breaker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

# The counter is encoded in five digits; past that the wall part moves on one millisecond,
# so the text never grows a sixth digit (which would sort wrongly).
MAX_COUNTER = 99_999
# Stamps further ahead of this computer's clock than this are refused on import: a sender
# whose clock is years ahead would otherwise win every later edit.
MAX_FUTURE_MS = 24 * 60 * 60 * 1000


def _next(wall_ms: int, counter: int, node: str) -> Hlc:
    if counter > MAX_COUNTER:
        return Hlc(wall_ms + 1, 0, node)
    return Hlc(wall_ms, counter, node)


def too_far_ahead(remote: str, now_ms: int | None = None) -> bool:
    now = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    return Hlc.decode(remote).wall_ms > now + MAX_FUTURE_MS


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @staticmethod
    def decode(text: str) -> Hlc:
        wall, counter, node = text.split("-", 2)
        return Hlc(int(wall), int(counter), node)


class HlcClock:
    def __init__(self, node: str, now_ms: Callable[[], int] | None = None) -> None:
        self.node = node
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._last = Hlc(0, 0, node)

    def tick(self) -> str:
        now = self._now_ms()
        if now > self._last.wall_ms:
            self._last = Hlc(now, 0, self.node)
        else:
            self._last = _next(self._last.wall_ms, self._last.counter + 1, self.node)
        return self._last.encode()

    def observe(self, remote: str) -> None:
        """Move past a timestamp seen in imported data so later local edits win."""
        other = Hlc.decode(remote)
        now = self._now_ms()
        if other.wall_ms > now + MAX_FUTURE_MS:
            return  # never let a wrong remote clock drag ours along (import refuses it)
        wall = max(now, self._last.wall_ms, other.wall_ms)
        if wall == self._last.wall_ms == other.wall_ms:
            counter = max(self._last.counter, other.counter) + 1
        elif wall == self._last.wall_ms:
            counter = self._last.counter + 1
        elif wall == other.wall_ms:
            counter = other.counter + 1
        else:
            counter = 0
        self._last = _next(wall, counter, self.node)


class Order(Enum):
    EQUAL = "equal"
    BEFORE = "before"
    AFTER = "after"
    CONCURRENT = "concurrent"


def vv_bump(vv: Mapping[str, int], node: str) -> dict[str, int]:
    out = dict(vv)
    out[node] = out.get(node, 0) + 1
    return out


def vv_compare(a: Mapping[str, int], b: Mapping[str, int]) -> Order:
    """How version vector `a` relates to `b`."""
    keys = set(a) | set(b)
    a_ge = all(a.get(k, 0) >= b.get(k, 0) for k in keys)
    b_ge = all(b.get(k, 0) >= a.get(k, 0) for k in keys)
    if a_ge and b_ge:
        return Order.EQUAL
    if a_ge:
        return Order.AFTER
    if b_ge:
        return Order.BEFORE
    return Order.CONCURRENT


def vv_merge(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in sorted(set(a) | set(b))}
