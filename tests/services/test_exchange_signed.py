"""Exchange and signing together: signed work travels intact and stays verifiable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

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
