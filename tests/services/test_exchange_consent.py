"""Withdrawn photo consent reaches packages: the participant's photos stay on this laptop
(unless a signed module holds them), the withdrawal itself travels."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.enums import EvidenceType
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.demo_images import demo_photo
from tests.exchange_helpers import open_second, same_workplace, unpack


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


def _photo(app: App, admin_id: str, participant_id: str, tmp_path: Path) -> bytes:
    data = demo_photo(3, 160, 120)
    path = tmp_path / "kassan.png"
    path.write_bytes(data)
    app.evidence.add(
        admin_id,
        participant_id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title="Kassan",
        files=[path],
    )
    return data


def test_photos_without_consent_leave_no_package(
    app: App,
    b_app: App,
    admin_id: str,
    participant: ParticipantDetail,
    tmp_path: Path,
) -> None:
    same_workplace(app, b_app, tmp_path)
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    data = _photo(app, admin_id, participant.id, tmp_path)
    with_consent = tmp_path / "med.hpkg"
    app.exchange.export(with_consent, profile="exchange", recipients=[b_app.keys.age_recipient])
    first = unpack(b_app, with_consent)
    assert data in first.values()
    assert b"photo" in first["records/attachment.jsonl"]

    app.participants.set_photo_consent(admin_id, participant.id, False, None)
    for out in (tmp_path / "utan.hpkg", tmp_path / "flytt.hpkg"):
        chosen = [participant.id] if out.name == "flytt.hpkg" else None
        app.exchange.export(
            out,
            profile="exchange",
            recipients=[b_app.keys.age_recipient],
            participants=chosen,
        )
        members = unpack(b_app, out)
        assert data not in members.values()
        lines = members.get("records/attachment.jsonl", b"").decode().splitlines()
        assert [json.loads(x)["kind"] for x in lines if x.strip()] == []
    assert b_app.exchange.import_file(tmp_path / "utan.hpkg").applied
    assert not b_app.participants.get(participant.id).photo_consent
