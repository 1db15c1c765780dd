"""Exchange and signing together: signed work travels intact and stays verifiable."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from tests.exchange_helpers import digests, open_second, send, trust_each_other
from tests.signing_helpers import ready_module, sign

SIGNED_ENTITIES = (
    "participant",
    "enrollment",
    "evidence",
    "attachment",
    "evidence_criterion",
    "assessment",
    "signoff",
    "certificate",
)


@pytest.fixture
def pair(app: App, tmp_path: Path):  # type: ignore[no-untyped-def]
    b = open_second(tmp_path / "b")
    trust_each_other(app, b, tmp_path)
    yield app, b
    b.close()


def test_signed_module_and_certificate_travel_and_verify(
    pair: tuple[App, App], admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    a, b = pair
    a.participants.set_photo_consent(admin_id, participant.id, True)
    enrollment_id = ready_module(a, admin_id, participant.id, photo_dir=tmp_path / "foton")
    sign(a, admin_id, enrollment_id)
    cert = a.certificates.issue(admin_id, participant.id)

    report = send(a, b, tmp_path / "p.hpkg", participants=[participant.id])
    assert report.applied

    da, db_ = digests(a), digests(b)
    for entity in SIGNED_ENTITIES:
        assert da[entity] == db_[entity], entity
    assert b.check.run() == []
    # B holds A's public key from the network file, so it can verify A's certificate.
    result = b.certificates.verify(cert.display_code)
    assert result.verdict is Verdict.VALID, result.explanation

    # Signed rows arrived locked on B too: the triggers refuse a direct change.
    con = sqlite3.connect(b.paths.db)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="signerad"):
            con.execute(
                "UPDATE assessment SET comment = 'ändrad' WHERE enrollment_id = ?", (enrollment_id,)
            )
    finally:
        con.close()

    # Sending again changes nothing.
    again = send(a, b, tmp_path / "q.hpkg", participants=[participant.id])
    assert again.changes == 0


def test_own_certificate_verifies_after_the_keys_folder_was_recreated(tmp_path: Path) -> None:
    """A database restored without keys/ is refused at start (issue 14) until the admin
    deliberately gives it new keys; earlier certificates must not then read as *ändrat*
    (tampered): the key published at set-up still verifies them."""
    import shutil

    from handledare_app.services.app import open_app

    a = open_second(tmp_path / "a", name="Kontoret")
    try:
        admin_id = a.supervisors.list()[0].id
        pid = a.participants.create(
            admin_id,
            first_name="Märta",
            last_name="Ödlund",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.EMPLOYMENT_SERVICE,
            start_date=dt.date(2026, 9, 1),
        ).id
        sign(a, admin_id, ready_module(a, admin_id, pid))
        code = a.certificates.issue(admin_id, pid).display_code
    finally:
        a.close()
    shutil.rmtree(tmp_path / "a" / "keys")
    from handledare_app.services.identity import KeysMissingError, make_new_installation

    with pytest.raises(KeysMissingError):
        open_app(tmp_path / "a")
    make_new_installation(tmp_path / "a")
    with open_app(tmp_path / "a") as again:
        result = again.certificates.verify(code)
    assert result.verdict is Verdict.VALID, result.explanation
