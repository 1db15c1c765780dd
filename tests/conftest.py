"""Shared fixtures: every test gets its own data folder, built through services."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt tests run without a display; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App, open_app

ADMIN_PIN = "4821"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def empty_app(data_dir: Path) -> Iterator[App]:
    app = open_app(data_dir)
    yield app
    app.close()


@pytest.fixture
def app(empty_app: App) -> App:
    """A set-up installation with the example catalogue loaded."""
    empty_app.setup.set_up("Framstegs Secondhand", "Kontorsdatorn", "Åsa Öberg", ADMIN_PIN)
    return empty_app


@pytest.fixture
def admin_id(app: App) -> str:
    return app.supervisors.list()[0].id


@pytest.fixture
def participant(app: App, admin_id: str) -> ParticipantDetail:
    return app.participants.create(
        admin_id,
        first_name="Märta",
        last_name="Ekström",
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.EMPLOYMENT_SERVICE,
        start_date=dt.date(2026, 9, 1),
        responsible_id=admin_id,
    )
