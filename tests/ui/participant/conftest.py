"""Data for the Bevis and Bedömning tests, built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from handledare_app.domain.records import ModuleInfo, ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.demo_images import demo_photo


@dataclass
class Plan:
    participant: ParticipantDetail
    but: str  # enrollment ids
    caf: str
    but_module: ModuleInfo
    caf_module: ModuleInfo


@pytest.fixture
def plan(app: App, admin_id: str, participant: ParticipantDetail) -> Plan:
    """Märta with BUT-01 and CAF-01 in her work plan (no photo consent yet)."""
    but = app.journey.enroll(admin_id, participant.id, "BUT-01")
    caf = app.journey.enroll(admin_id, participant.id, "CAF-01")
    return Plan(
        participant,
        but,
        caf,
        app.assessment.enrollment(but).module,
        app.assessment.enrollment(caf).module,
    )


@pytest.fixture
def consent(app: App, admin_id: str, plan: Plan) -> None:
    app.participants.set_photo_consent(admin_id, plan.participant.id, True, dt.date(2026, 9, 1))


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "hylla.png"
    path.write_bytes(demo_photo(7, 320, 240))
    return path
