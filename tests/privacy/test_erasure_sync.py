"""Erasure reaches the next laptop through the next sync (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from handledare_app.storage import queries
from handledare_app.storage.models import ErasureRow, EvidenceRow, ParticipantRow
from tests.exchange_helpers import open_second, same_workplace, send, unpack
from tests.privacy.erasure_helpers import found_in, full_person, vacuum


@pytest.fixture
def pair(app: App, tmp_path: Path) -> Iterator[tuple[App, App]]:
    b = open_second(tmp_path / "b")
    same_workplace(app, b, tmp_path)
    try:
        yield app, b
    finally:
        b.close()


def test_erasure_reaches_the_second_laptop(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    person = full_person(a, admin_id, tmp_path)
    send(a, b, tmp_path / "first.hpaket")
    vacuum(b.paths.db)
    assert found_in(b.paths.root, person.secrets, skip=("backups",)) != []

    a.erasure.erase(admin_id, person.id, "Begäran från deltagaren")
    out = tmp_path / "second.hpaket"
    report = send(a, b, out)
    assert report.applied
    members = unpack(b, out)
    leaked = [
        f"{name}: {s!r}" for name, data in members.items() for s in person.secrets if s in data
    ]
    assert leaked == []

    vacuum(b.paths.db)
    assert found_in(b.paths.root, person.secrets, skip=("backups",)) == []
    with b.db.reader() as tx:
        assert tx.count(ErasureRow, participant_id=person.id) == 1
        assert tx.count(EvidenceRow, participant_id=person.id) == 0
        p = tx.get(ParticipantRow, person.id)
        assert p is not None and p.first_name == "Raderad"
        assert queries.verify_audit_chain(tx) == []
    assert b.check.run() == []
    result = b.certificates.verify(person.certificate_code)
    assert result.verdict is Verdict.VALID
    assert "personuppgifterna är raderade hos utfärdaren" in result.explanation

    # Back to A: nothing comes back, A stays clean.
    send(b, a, tmp_path / "back.hpaket")
    vacuum(a.paths.db)
    assert found_in(a.paths.root, person.secrets, skip=("backups",)) == []
    assert a.check.run() == []


def test_erasure_reaches_coompanion_through_the_report(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, coompanion = pair
    person = full_person(a, admin_id, tmp_path)
    first = tmp_path / "rapport1.hpaket"
    a.exchange.export(first, profile="report", recipients=[coompanion.keys.age_recipient])
    coompanion.exchange.import_file(first)
    a.erasure.erase(admin_id, person.id, "Begäran")
    second = tmp_path / "rapport2.hpaket"
    a.exchange.export(second, profile="report", recipients=[coompanion.keys.age_recipient])
    members = unpack(coompanion, second)
    assert "Begäran".encode() not in b"".join(members.values())
    assert coompanion.exchange.import_file(second).applied
    vacuum(coompanion.paths.db)
    assert found_in(coompanion.paths.root, person.secrets, skip=("backups",)) == []
    with coompanion.db.reader() as tx:
        assert tx.count(ErasureRow) == 1
        assert queries.verify_audit_chain(tx) == []
    # The report profile carries no certificate rows (their content names the person):
    # Coompanion's register comes from the follow-up report, which never held a name.


def test_a_laptop_that_had_not_heard_cannot_bring_data_back(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    import datetime as dt

    from handledare_app.domain.enums import EvidenceType

    a, b = pair
    person = full_person(a, admin_id, tmp_path)
    send(a, b, tmp_path / "1.hpaket")
    b_admin = next(s.id for s in b.supervisors.list() if s.is_admin)
    a.erasure.erase(admin_id, person.id, "Begäran")
    # B has not synced since: it edits the participant and adds evidence.
    b.participants.update(b_admin, person.id, phone="070-999 88 77")
    b.evidence.add(
        b_admin,
        person.id,
        type=EvidenceType.OBSERVATION,
        date=dt.date(2026, 11, 2),
        title="Nytt",
        description="Sent tillagd Zebrakassan-text",
    )
    send(b, a, tmp_path / "2.hpaket")
    vacuum(a.paths.db)
    secrets = (*person.secrets, b"999 88 77")
    assert found_in(a.paths.root, secrets, skip=("backups",)) == []
    with a.db.reader() as tx:
        assert tx.count(EvidenceRow, participant_id=person.id) == 0
    assert a.check.run() == []
    # And B is cleaned up by A's next package.
    send(a, b, tmp_path / "3.hpaket")
    vacuum(b.paths.db)
    assert found_in(b.paths.root, secrets, skip=("backups",)) == []
    assert b.check.run() == []
