"""Delivery by acknowledgement and dependency-ordered apply (issue 11 items 3 and 4)."""

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
    same_workplace,
    send,
)
from tests.signing_helpers import IK_PIN, add_ik, ready_module, sign

SIGNED = ("signoff", "signoff_reopening", "qa_review", "certificate", "certificate_revocation")


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


@pytest.fixture
def pair(app: App, b_app: App, tmp_path: Path) -> tuple[App, App]:
    same_workplace(app, b_app, tmp_path)  # laptops of one company edit each other's records
    return app, b_app


def _export(a: App, b: App, out: Path) -> int:
    return a.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient]).records


def test_a_lost_package_is_sent_again(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    first = _export(a, b, tmp_path / "1.hpkg")
    (tmp_path / "1.hpkg").unlink()  # lost on the way: B never confirms it
    a.participants.update(admin_id, pid, phone="070-111 11 11")
    second = tmp_path / "2.hpkg"
    assert _export(a, b, second) >= first  # everything again, not only the phone number
    b.exchange.import_file(second)
    assert b.participants.get(pid).phone == "070-111 11 11"
    assert len(b.evidence.list(pid)) == 1
    for entity in EXCHANGED:
        assert digests(a)[entity] == digests(b)[entity], entity


def test_only_what_is_confirmed_is_left_out(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    # Written but not yet confirmed: the next package still carries everything.
    assert a.exchange.export(
        tmp_path / "x.hpkg", profile="exchange", recipients=[b.keys.age_recipient]
    ).counts.get("evidence")
    send(b, a, tmp_path / "back.hpkg")  # B's package confirms what it holds of A
    a.participants.update(admin_id, pid, phone="070-222 22 22")
    third = a.exchange.export(
        tmp_path / "3.hpkg", profile="exchange", recipients=[b.keys.age_recipient]
    )
    assert third.counts.get("participant") == 1
    assert "evidence" not in third.counts
    b.exchange.import_file(tmp_path / "3.hpkg")
    assert b.participants.get(pid).phone == "070-222 22 22"


def test_sign_reopen_resign_revoke_return_arrives_intact(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    enrollment = ready_module(a, admin_id, pid, index=1, photo_dir=tmp_path / "ph")
    first = sign(a, admin_id, enrollment)
    send(a, b, tmp_path / "1.hpkg")  # B holds the signed, locked module
    a.signing.reopen(admin_id, first.id, "Fel datum på beviset")
    criteria = a.assessment.enrollment(enrollment).module.criteria
    from handledare_app.domain.enums import AssessmentStatus

    a.assessment.judge(
        admin_id, enrollment, criteria[0].id, AssessmentStatus.ACHIEVED, "Visat igen."
    )
    second = sign(a, admin_id, enrollment)
    cert = a.certificates.issue(admin_id, pid)
    a.certificates.revoke(admin_id, cert.id, "Utfärdat för tidigt")
    ik = add_ik(a, admin_id)
    a.supervisors.login(ik, IK_PIN)
    a.quality.review(ik, second.id, approve=False, comment="Komplettera bevisen")
    report = send(a, b, tmp_path / "2.hpkg")
    assert report.applied and report.blocked == 0
    da, db_ = digests(a), digests(b)
    for entity in (*EXCHANGED, *SIGNED):
        assert da[entity] == db_[entity], entity
    assert b.signing.standing(enrollment) is None  # returned by IK: open again on B too
    assert b.check.run() == []


def test_edit_on_one_laptop_while_the_other_signs(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    from handledare_app.domain.enums import AssessmentStatus
    from handledare_app.storage.models import ConflictRow

    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    enrollment = ready_module(a, admin_id, pid, index=1)
    send(a, b, tmp_path / "0.hpkg")
    send(b, a, tmp_path / "0b.hpkg")
    criterion = a.assessment.enrollment(enrollment).module.criteria[0].id
    signed = sign(a, admin_id, enrollment)  # A signs …
    b.assessment.judge(  # … while B, not knowing, changes a judgement's comment
        admin_id, enrollment, criterion, AssessmentStatus.ACHIEVED, "Ändrat på B."
    )
    to_a = send(b, a, tmp_path / "1.hpkg")  # refused on A: the module is signed there
    assert to_a.applied and to_a.conflicts >= 1
    to_b = send(a, b, tmp_path / "2.hpkg")  # the signed version wins on B too
    assert to_b.applied
    send(b, a, tmp_path / "3.hpkg")
    for entity in (*EXCHANGED, *SIGNED):
        assert digests(a)[entity] == digests(b)[entity], entity
    assert b.signing.standing(enrollment).id == signed.id
    for app_ in (a, b):  # B's comment is not lost: it is in a conflict log
        with app_.db.reader() as tx:
            lost = [c.lost_value for c in tx.find(ConflictRow, entity="assessment")]
        if app_ is a:
            assert any(isinstance(v, dict) and v.get("comment") == "Ändrat på B." for v in lost)
    assert a.check.run() == [] and b.check.run() == []
