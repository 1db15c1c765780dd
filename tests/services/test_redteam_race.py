"""Red team: a deletion on one laptop races a re-signing on another (both of one
workplace). B deletes evidence of a reopened module while A signs it again with that
evidence. Before: A's import of B's deletion failed on the lock trigger, B's import of
A's signing blocked the evidence behind its tombstone, the signed validation pointed at
nothing on B, and each package kept coming back. The signed version must win."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.enums import AssessmentStatus
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.witness import OlderPackage
from tests.exchange_helpers import digests, open_second, same_workplace, send
from tests.signing_helpers import ready_module, sign


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


def test_a_re_signing_wins_over_a_concurrent_deletion_of_its_evidence(
    app: App, b_app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    same_workplace(app, b_app, tmp_path)
    enrollment = ready_module(app, admin_id, participant.id)
    first = sign(app, admin_id, enrollment)
    app.signing.reopen(admin_id, first.id, "Fel datum")
    send(app, b_app, tmp_path / "1.hpkg")
    evidence = b_app.evidence.list(participant.id)[0].id
    b_admin = admin_id  # B holds A's supervisors since the join
    b_app.evidence.delete(b_admin, evidence)  # B: the module is open, so it may
    sign(app, admin_id, enrollment)  # A, at the same time: signed again with it
    to_a = send(b_app, app, tmp_path / "2.hpkg")
    assert to_a.applied
    to_b = send(app, b_app, tmp_path / "3.hpkg")
    assert to_b.applied
    send(b_app, app, tmp_path / "4.hpkg")
    assert [e.id for e in b_app.evidence.list(participant.id)] == [evidence]
    assert app.check.run() == [] and b_app.check.run() == []
    assert digests(app)["evidence"] == digests(b_app)["evidence"]
    assert digests(app)["tombstone"] == digests(b_app)["tombstone"]


def test_an_older_package_after_a_reopening_and_re_signing_changes_nothing(
    app: App, b_app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    """Replay: the package of the first signing, lost on the way and then found (or sent
    again under another name), arrives after the reopening and the new signing."""
    same_workplace(app, b_app, tmp_path)
    enrollment = ready_module(app, admin_id, participant.id)
    first = sign(app, admin_id, enrollment)
    old = tmp_path / "old.hpkg"
    app.exchange.export(old, profile="exchange", recipients=[b_app.keys.age_recipient])
    app.signing.reopen(admin_id, first.id, "Fel datum")
    second = sign(app, admin_id, enrollment)
    send(app, b_app, tmp_path / "new.hpkg")
    before = digests(b_app)
    renamed = tmp_path / "hsync-kopia.hpkg"
    renamed.write_bytes(old.read_bytes())
    # Before: refused as "Historiken har kortats eller skrivits om", a false alarm.
    with pytest.raises(OlderPackage, match="Allt det innehåller finns därför redan här"):
        b_app.exchange.import_file(renamed)
    assert digests(b_app) == before
    assert b_app.signing.standing(enrollment).id == second.id  # type: ignore[union-attr]
    assert b_app.check.run() == []


def test_a_reopened_signoff_whose_rows_moved_on_arrives_with_its_reopening(
    app: App, b_app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    """History: a signoff reopened and its assessment changed since arrives in one
    package with its reopening; it no longer matches the rows, and need not."""
    same_workplace(app, b_app, tmp_path)
    enrollment = ready_module(app, admin_id, participant.id)
    first = sign(app, admin_id, enrollment)
    app.signing.reopen(admin_id, first.id, "Fel datum")
    criterion = app.assessment.enrollment(enrollment).module.criteria[0].id
    app.assessment.judge(admin_id, enrollment, criterion, AssessmentStatus.ACHIEVED, "Rättat.")
    assert send(app, b_app, tmp_path / "1.hpkg").applied
    assert b_app.signing.standing(enrollment) is None
    assert b_app.check.run() == []
