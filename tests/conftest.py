"""Shared fixtures: every test gets its own data folder, built through services."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Qt tests run without a display; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App, open_app
from handledare_app.services.import_speed import paused_gc

ADMIN_PIN = "4821"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[Any]:
    """Qt tests run with the cyclic garbage collector paused and collect once afterwards,
    between tests. Widgets kept alive only by reference cycles (slots holding their
    owner) were otherwise freed whenever the collector fired: inside a later test's
    event loop, while Qt was dispatching to them, which crashed the whole run at random
    (a segfault in test_run_gui under the full suite)."""
    qt = "qtbot" in getattr(item, "fixturenames", ()) or "ui" in item.path.parts
    if not qt:
        yield
        return
    try:
        with paused_gc():
            yield
    finally:
        gc.collect()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def empty_app(data_dir: Path) -> Iterator[App]:
    app = open_app(data_dir)
    yield app
    app.close()


@pytest.fixture(scope="session")
def set_up_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Set up once per session through the services (about half a second each time)."""
    from tests.helpers import build_set_up_dir

    target = tmp_path_factory.mktemp("template") / "data"
    build_set_up_dir(target)
    return target


@pytest.fixture
def set_up_dir(data_dir: Path, set_up_template: Path) -> Path:
    """A set-up data folder that is not open yet (a copy of the session's template)."""
    shutil.copytree(set_up_template, data_dir)
    return data_dir


@pytest.fixture
def app(set_up_dir: Path) -> Iterator[App]:
    """A set-up installation with the example catalogue loaded."""
    opened = open_app(set_up_dir)
    yield opened
    opened.close()


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
