"""Exchange between two installations: round trip, re-import, closure, merge matrix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.services.app import App
from tests.exchange_helpers import (
    EXCHANGED,
    digests,
    open_second,
    rich_participant,
    send,
    trust_each_other,
)


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


@pytest.fixture
def pair(app: App, b_app: App, tmp_path: Path) -> tuple[App, App]:
    trust_each_other(app, b_app, tmp_path)
    return app, b_app


def test_round_trip_a_to_fresh_b(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    rich_participant(a, admin_id, "Åke", tmp_path)
    report = send(a, b, tmp_path / "p.hpkg")
    assert report.applied
    assert report.entity("participant").new == 2
    da, db_ = digests(a), digests(b)
    for entity in EXCHANGED:
        assert da[entity] == db_[entity], entity
    # Photos arrived by hash.
    for att in a.evidence.list(a.participants.list()[0].id)[0].attachments:
        assert b.blobs.verify(att.sha256)
