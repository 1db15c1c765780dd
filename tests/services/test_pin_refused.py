"""A refused PIN is a PinRefused (the UI says it at the PIN field); a refusal for who the
user is stays a plain PermissionDenied. signing.sign checks the PIN itself, once."""

from __future__ import annotations

import pytest

from handledare_app.domain.errors import PermissionDenied, PinRefused
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import SignatureInput, SignatureMethod, SignoffInfo
from handledare_app.services import supervisors as supervisors_module
from handledare_app.services.app import App
from handledare_app.services.pin_guard import FREE_ATTEMPTS
from tests.conftest import ADMIN_PIN
from tests.signing_helpers import IK_PIN, add_ik, ready_module


def _typed(name: str) -> SignatureInput:
    return SignatureInput(method=SignatureMethod.TYPED, typed_name=name)


def _sign(app: App, actor_id: str, eid: str, pin: str) -> SignoffInfo:
    return app.signing.sign(
        actor_id, eid, pin=pin, supervisor=_typed("Anna"), participant=_typed("Deltagare")
    )


def test_login_refusals_are_pin_refused(app: App, admin_id: str) -> None:
    with pytest.raises(PinRefused, match="Ange din PIN-kod"):
        app.supervisors.login(admin_id, "")
    for _ in range(FREE_ATTEMPTS - 1):
        with pytest.raises(PinRefused, match="Fel PIN-kod"):
            app.supervisors.login(admin_id, "9999")
    with pytest.raises(PinRefused, match="För många fel PIN-koder"):
        app.supervisors.login(admin_id, "9999")


def test_signing_refuses_the_pin_and_the_role_apart(
    app: App, admin_id: str, participant: ParticipantDetail, monkeypatch: pytest.MonkeyPatch
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    with pytest.raises(PinRefused, match="Skriv din PIN-kod"):
        _sign(app, admin_id, eid, "")
    with pytest.raises(PinRefused, match="Fel PIN-kod"):
        _sign(app, admin_id, eid, "9999")
    ik = add_ik(app, admin_id)
    with pytest.raises(PermissionDenied, match="kräver rollen handledare") as refused:
        _sign(app, ik, eid, IK_PIN)
    assert not isinstance(refused.value, PinRefused)
    checks: list[str] = []
    real_verify = supervisors_module.verify_pin
    monkeypatch.setattr(
        supervisors_module, "verify_pin", lambda p, s: checks.append(p) or real_verify(p, s)
    )
    _sign(app, admin_id, eid, ADMIN_PIN)
    assert checks == [ADMIN_PIN]
