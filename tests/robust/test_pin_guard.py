"""The PIN throttle lives in the service: it survives a restart and covers signing."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.domain.errors import PermissionDenied
from handledare_app.services.app import App, open_app
from handledare_app.services.pin_guard import wait_after
from tests.conftest import ADMIN_PIN


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _wrong(app: App, who: str, times: int) -> str:
    text = ""
    for _ in range(times):
        with pytest.raises(PermissionDenied) as exc:
            app.supervisors.login(who, "9999")
        text = exc.value.message
    return text


def test_wait_survives_a_restart(set_up_dir: Path) -> None:
    clock = Clock()
    with open_app(set_up_dir) as app:
        app.supervisors.pin_clock = clock
        admin = app.supervisors.list()[0].id
        assert _wrong(app, admin, 2) == "Fel PIN-kod. Försök igen."
        assert "Vänta 5 sekunder" in _wrong(app, admin, 1)
    with open_app(set_up_dir) as again:  # a restart does not reset the count
        again.supervisors.pin_clock = clock
        with pytest.raises(PermissionDenied, match="För många fel PIN-koder"):
            again.supervisors.login(admin, ADMIN_PIN)  # even the right PIN waits
        clock.now += 5
        assert "Vänta 10 sekunder" in _wrong(again, admin, 1)  # the count went on
        clock.now += 10
        assert again.supervisors.login(admin, ADMIN_PIN).id == admin
        assert _wrong(again, admin, 1) == "Fel PIN-kod. Försök igen."  # reset by success


def test_signing_pin_is_throttled_too(app: App, admin_id: str) -> None:
    app.supervisors.pin_clock = Clock()
    from handledare_app.domain.signing import SignatureInput, SignatureMethod

    typed = SignatureMethod.TYPED

    for _ in range(3):
        with pytest.raises(PermissionDenied):
            app.signing.sign(
                admin_id,
                "no-such-enrollment",
                pin="9999",
                supervisor=SignatureInput(typed, typed_name="x"),
                participant=SignatureInput(typed, typed_name="y"),
            )
    with pytest.raises(PermissionDenied, match="För många fel PIN-koder"):
        app.supervisors.login(admin_id, ADMIN_PIN)


def test_clock_set_forward_never_locks_out_longer_than_the_cap(app: App, admin_id: str) -> None:
    clock = Clock()
    app.supervisors.pin_clock = clock
    _wrong(app, admin_id, 3)
    clock.now -= 10_000  # the clock jumped back: the stored end lies far ahead
    with pytest.raises(PermissionDenied, match="5 minuter"):
        app.supervisors.login(admin_id, ADMIN_PIN)
    assert wait_after(50) == 300
