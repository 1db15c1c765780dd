"""Slowing down PIN guessing in the service (issue 14), so it covers every PIN check
(login, lock screen, signing, PIN change) and survives a restart: the count is kept in
this computer's local settings (never exchanged). The only throttle: the window asks
it how long to wait. Three free attempts, then 5, 10, 20 … seconds, at most 5 minutes."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable

from ..domain.errors import PinRefused
from ..storage.database import Database
from ..storage.models import LocalSettingRow
from ..storage.settings_rows import get_local_setting, set_local_setting

FREE_ATTEMPTS = 3
FIRST_WAIT_S = 5.0
MAX_WAIT_S = 300.0
PREFIX = "pin.throttle."


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong PINs in a row: 0, 0, 5, 10, 20 … ≤ 300."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_WAIT_S, FIRST_WAIT_S * 2.0 ** (failures - FREE_ATTEMPTS))


def wait_text(seconds: float) -> str:
    s = math.ceil(seconds)
    if s >= 60:
        minutes = math.ceil(s / 60)
        return f"{minutes} minut" if minutes == 1 else f"{minutes} minuter"
    return f"{s} sekund" if s == 1 else f"{s} sekunder"


def too_many_text(seconds: float) -> str:
    return f"För många fel PIN-koder. Vänta {wait_text(seconds)} och försök sedan igen."


def too_many(seconds: float) -> PinRefused:
    return PinRefused(too_many_text(seconds))


def _parse(value: str | None) -> tuple[int, float]:
    """(failures in a row, wait until) of a stored count; none stored: (0, 0)."""
    if value is None:
        return 0, 0.0
    try:
        data = json.loads(value)
        return int(data["failures"]), float(data["until"])
    except (ValueError, KeyError, TypeError):
        return FREE_ATTEMPTS, 0.0  # damaged: neither reset nor lock out


class PinGuard:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock

    def _state(self, supervisor_id: str) -> tuple[int, float]:
        with self.db.reader() as tx:
            return _parse(get_local_setting(tx, PREFIX + supervisor_id))

    def remaining(self, supervisor_id: str) -> float:
        _failures, until = self._state(supervisor_id)
        # A clock set forward after the fact must not lock anyone out for longer.
        return max(0.0, min(until - self.clock(), MAX_WAIT_S))

    def check(self, supervisor_id: str) -> None:
        wait = self.remaining(supervisor_id)
        if wait > 0:
            raise too_many(wait)

    def failed(self, supervisor_id: str) -> float:
        with self.db.transaction() as tx:
            key = PREFIX + supervisor_id
            failures = _parse(get_local_setting(tx, key))[0] + 1
            wait = wait_after(failures)
            value = json.dumps({"failures": failures, "until": self.clock() + wait})
            set_local_setting(tx, key, value)
        return wait

    def succeeded(self, supervisor_id: str) -> None:
        if self._state(supervisor_id) == (0, 0.0):
            return  # the usual case: no write on every good PIN
        with self.db.transaction() as tx:
            row = tx.get(LocalSettingRow, PREFIX + supervisor_id)
            if row is not None:
                tx.delete(row)
