"""Service additions for the participant screens: bulk create, consent at registration,
per-computer settings."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import PlacementType, Referrer, Role
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.services.app import App
from handledare_app.services.local_settings import LAST_SUPERVISOR
from handledare_app.services.participant_reads import ParticipantFilter
from handledare_app.services.participants import NewParticipant
from tests.helpers import db_summary


def spec(first: str, **kwargs: object) -> NewParticipant:
    values: dict[str, object] = {
        "first_name": first,
        "last_name": "Testsson",
        "placement_type": PlacementType.OCCUPATION,
        "referrer": Referrer.MUNICIPALITY,
        "start_date": dt.date(2026, 5, 4),
    }
    values.update(kwargs)
    return NewParticipant(**values)  # type: ignore[arg-type]


def test_photo_consent_is_recorded_at_registration(app: App, admin_id: str) -> None:
    p = app.participants.create(
        admin_id,
        first_name="Nora",
        placement_type=PlacementType.INTERNSHIP,
        referrer=Referrer.REGION,
        start_date=dt.date(2026, 5, 4),
        photo_consent=True,
    )
    assert p.photo_consent is True
    assert p.photo_consent_date == dt.date.today()


def test_create_many_makes_complete_participants(app: App, admin_id: str) -> None:
    ids = app.participants.create_many(
        admin_id, [spec("Amina", responsible_id=admin_id), spec("Bengt")]
    )
    assert len(ids) == 2
    rows = app.participants.list(ParticipantFilter(status="all"))
    assert sorted(r.name for r in rows) == ["Amina Testsson", "Bengt Testsson"]
    assert len(app.journey.checklist(ids[0])) == 8
    assert app.journey.work_plan(ids[1]).goals == ""
    assert app.participants.get(ids[0]).responsible_id == admin_id


def test_create_many_is_all_or_nothing(app: App, admin_id: str) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="Planerat slutdatum"):
        app.participants.create_many(
            admin_id,
            [spec("Amina"), spec("Bengt", planned_end_date=dt.date(2026, 1, 1))],
        )
    assert db_summary(app) == before


def test_create_many_needs_staff(app: App, admin_id: str) -> None:
    ik = app.supervisors.add(admin_id, "Ida Kvist", "5937", {Role.QUALITY_ASSURER})
    with pytest.raises(PermissionDenied):
        app.participants.create_many(ik.id, [spec("Amina")])


def test_local_settings_round_trip(app: App) -> None:
    assert app.local_settings.get(LAST_SUPERVISOR) is None
    app.local_settings.set(LAST_SUPERVISOR, "abc")
    app.local_settings.set(LAST_SUPERVISOR, "def")
    assert app.local_settings.get(LAST_SUPERVISOR) == "def"
    app.local_settings.set(LAST_SUPERVISOR, None)
    assert app.local_settings.get(LAST_SUPERVISOR) is None


def test_local_settings_are_not_synced_or_audited(app: App) -> None:
    before = db_summary(app)
    app.local_settings.set(LAST_SUPERVISOR, "abc")
    assert db_summary(app) == before
