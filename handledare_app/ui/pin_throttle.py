"""Slowing down PIN guessing: after a few wrong PINs for the same person, a growing wait.

Shared by the login dialog and the lock screen (one instance per running app), so
switching between them does not reset the count.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..services.pin_guard import FIRST_WAIT_S, FREE_ATTEMPTS, MAX_WAIT_S, wait_after, wait_text

__all__ = ["FIRST_WAIT_S", "FREE_ATTEMPTS", "MAX_WAIT_S", "PinThrottle", "wait_after", "wait_text"]


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
