"""Slowing down PIN guessing: after a few wrong PINs for the same person, a growing wait.

Shared by the login dialog and the lock screen (one instance per running app), so
switching between them does not reset the count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

FREE_ATTEMPTS = 3
FIRST_WAIT_S = 5.0
MAX_WAIT_S = 300.0


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong PINs in a row: 0, 0, 5, 10, 20 … ≤ 300."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS))


def wait_text(seconds: float) -> str:
    s = math.ceil(seconds)
    if s >= 60:
        minutes = math.ceil(s / 60)
        return f"{minutes} minut" if minutes == 1 else f"{minutes} minuter"
    return f"{s} sekund" if s == 1 else f"{s} sekunder"


class PinThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}

    def remaining(self, supervisor_id: str) -> float:
        """Seconds until this person may try again (0 when they may)."""
        return max(0.0, self._blocked_until.get(supervisor_id, 0.0) - self._clock())

    def failed(self, supervisor_id: str) -> float:
        """Count a wrong PIN; returns the wait that now applies."""
        n = self._failures.get(supervisor_id, 0) + 1
        self._failures[supervisor_id] = n
        wait = wait_after(n)
        if wait:
            self._blocked_until[supervisor_id] = self._clock() + wait
        return wait

    def succeeded(self, supervisor_id: str) -> None:
        self._failures.pop(supervisor_id, None)
        self._blocked_until.pop(supervisor_id, None)


THROTTLE = PinThrottle()


def too_many_text(seconds: float) -> str:
    return f"För många fel PIN-koder. Vänta {wait_text(seconds)} och försök sedan igen."
