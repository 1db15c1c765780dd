"""Exchange between two installations: round trip, re-import, closure, merge matrix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.enums import JourneyStage
from handledare_app.domain.errors import UserError
from handledare_app.services.app import App
from handledare_app.services.package import Cancelled
from handledare_app.services.trust import UnknownSigner
from handledare_app.storage.models import ConflictRow, SignoffRow
from tests.exchange_helpers import (
    EXCHANGED,
    digests,
    open_second,
    repack,
    rich_participant,
    same_workplace,
    send,
    unpack,
)
from tests.helpers import db_summary
from tests.signing_helpers import ready_module, sign


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


@pytest.fixture
def pair(app: App, b_app: App, tmp_path: Path) -> tuple[App, App]:
    """Two laptops of one workplace (edits travel both ways)."""
    same_workplace(app, b_app, tmp_path)
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
    # The receiver passes its own check (audit chain, references, files).
    assert b.check.run() == []
    # Photos arrived by hash.
    for att in a.evidence.list(a.participants.list()[0].id)[0].attachments:
        assert b.blobs.verify(att.sha256)


def test_reimport_is_a_no_op_and_says_so(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    f = tmp_path / "p.hpkg"
    send(a, b, f)
    before = db_summary(b)
    again = b.exchange.import_file(f)
    assert again.already_imported and not again.applied
    assert again.lines() == ["Paketet är redan inläst. Inget ändrades."]
    assert db_summary(b) == before
    # The same records in a new file (a full re-send) change nothing either.
    g = tmp_path / "q.hpkg"
    pid = a.participants.list()[0].id
    a.exchange.export(g, profile="exchange", recipients=[b.keys.age_recipient], participants=[pid])
    report = b.exchange.import_file(g)
    assert report.applied and report.changes == 0
    assert db_summary(b)["participant"] == before["participant"]


def test_partial_export_closure(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    keep = rich_participant(a, admin_id, "Märta", tmp_path)
    other = rich_participant(a, admin_id, "Åke", tmp_path)
    f = tmp_path / "p.hpkg"
    result = a.exchange.export(
        f, profile="exchange", recipients=[b.keys.age_recipient], participants=[keep]
    )
    assert result.counts["participant"] == 1
    assert result.blobs == 1
    b.exchange.import_file(f)
    ids = {p.id for p in b.participants.list()}
    assert keep in ids and other not in ids
    # Everything the participant references came along: evidence, links, judgements.
    assert len(b.evidence.list(keep)) == 1
    progress = b.assessment.participant_progress(keep)
    assert progress[0].criteria_achieved == 1
    assert b.participants.get(keep).responsible_id == admin_id


def test_changes_since_last_export(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    rich_participant(a, admin_id, "Åke", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    send(b, a, tmp_path / "ack.hpkg")  # B's package confirms what it holds (issue 11)
    a.participants.update(admin_id, pid, phone="070-111 11 11")
    second = a.exchange.export(
        tmp_path / "2.hpkg", profile="exchange", recipients=[b.keys.age_recipient]
    )
    assert second.counts["participant"] == 1
    assert "evidence" not in second.counts
    report = b.exchange.import_file(tmp_path / "2.hpkg")
    assert report.entity("participant").updated == 1
    assert b.participants.get(pid).phone == "070-111 11 11"
    assert digests(a)["participant"] == digests(b)["participant"]


def _conflicts(app: App) -> list[ConflictRow]:
    with app.db.reader() as tx:
        return tx.find(ConflictRow, order_by="at")


def test_concurrent_same_field(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    a.participants.update(admin_id, pid, phone="111")
    b.participants.update(admin_id, pid, phone="222")  # later clock: wins
    report = send(b, a, tmp_path / "2.hpkg")
    assert report.entity("participant").conflicts == 1
    assert a.participants.get(pid).phone == "222"
    [c] = _conflicts(a)
    assert (c.entity, c.record_id, c.field) == ("participant", pid, "phone")
    assert (c.kept_value, c.lost_value, c.resolved) == ("222", "111", False)
    # Back to B: A's merged version dominates, and both now agree.
    send(a, b, tmp_path / "3.hpkg")
    assert b.participants.get(pid).phone == "222"
    assert digests(a)["participant"] == digests(b)["participant"]


def test_concurrent_different_fields(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    a.participants.update(admin_id, pid, phone="111")
    b.participants.update(admin_id, pid, email="marta@example.se")
    report = send(b, a, tmp_path / "2.hpkg")
    assert report.entity("participant").updated == 1
    assert report.conflicts == 0 and not _conflicts(a)
    got = a.participants.get(pid)
    assert (got.phone, got.email) == ("111", "marta@example.se")
    send(a, b, tmp_path / "3.hpkg")
    assert digests(a)["participant"] == digests(b)["participant"]


def test_edit_versus_delete(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    [fu] = a.journey.follow_ups(pid)
    a.journey.delete_follow_up(admin_id, fu.id)
    b.journey.update_follow_up(
        admin_id, fu.id, date=fu.date, attendees="Bo", notes="Ändrad på B", next_steps=""
    )
    report = send(a, b, tmp_path / "2.hpkg")  # the deletion reaches B: it wins
    assert report.entity("follow_up").deleted == 1
    assert b.journey.follow_ups(pid) == []
    [c] = _conflicts(b)
    assert c.entity == "follow_up" and c.field == "*" and c.lost_value["notes"] == "Ändrad på B"
    # B's edit sent to A afterwards does not bring the record back.
    send(b, a, tmp_path / "3.hpkg")
    assert a.journey.follow_ups(pid) == []


@pytest.mark.parametrize("vv_extra", [{"annan-dator": 1}, None])
def test_signed_records_are_never_merged(
    pair: tuple[App, App], admin_id: str, tmp_path: Path, vv_extra: dict[str, int] | None
) -> None:
    """A different version of a signoff (concurrent, or even newer) is blocked and kept
    for a person; the signed row is never changed. Unsigned rows in the same package
    are merged as usual."""
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    signoff_id = sign(a, admin_id, ready_module(a, admin_id, pid, index=5)).id
    send(a, b, tmp_path / "1.hpkg")
    b.participants.update(admin_id, pid, phone="222")
    a.participants.update(admin_id, pid, email="a@example.se")
    f = tmp_path / "2.hpkg"
    a.exchange.export(f, profile="exchange", recipients=[b.keys.age_recipient], participants=[pid])
    members = unpack(b, f)
    line = json.loads(members["records/signoff.jsonl"])
    line["status"] = "superseded"
    if vv_extra is None:  # a newer version: A's counter moved on
        line["vv"] = {k: v + 1 for k, v in line["vv"].items()}
    else:  # concurrent: an installation B has never heard of
        line["vv"] = {**line["vv"], **vv_extra}
    members["records/signoff.jsonl"] = json.dumps(line).encode() + b"\n"
    g = repack(tmp_path / "3.hpkg", members, recipient=b.keys.age_recipient, sign=a.keys)
    report = b.exchange.import_file(g)
    assert report.entity("signoff").blocked == 1
    assert report.blocked == 1
    assert report.entity("participant").updated == 1  # unsigned: merged
    with b.db.reader() as tx:
        kept = tx.get(SignoffRow, signoff_id)
        assert kept is not None and kept.status == "signed"
    [c] = _conflicts(b)
    assert (c.entity, c.record_id, c.field) == ("signoff", signoff_id, "*")
    assert c.lost_value["status"] == "superseded" and c.kept_value["status"] == "signed"
    got = b.participants.get(pid)
    assert (got.phone, got.email) == ("222", "a@example.se")


def _erase(app: App, admin_id: str, pid: str) -> None:
    """Privacy erasure: the participant and everything under them, tombstoned as erasure."""
    from handledare_app.services.exchange_selection import closure_down
    from handledare_app.storage import exchange_rows

    with app.db.transaction(admin_id) as tx:
        tx.set_delete_reason("erasure")
        selected: dict[str, set[str]] = {"participant": {pid}}
        closure_down(tx, selected)
        for entity in reversed(list(exchange_rows.MODELS_BY_ENTITY)):
            model = exchange_rows.MODELS_BY_ENTITY[entity]
            for row in tx.find_in(model, "id", sorted(selected.get(entity, ()))):
                tx.delete(row)
            tx.flush()


def test_erasure_blocks_later_imports(pair: tuple[App, App], admin_id: str, tmp_path: Path) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    _erase(b, admin_id, pid)
    a.participants.update(admin_id, pid, phone="111")  # A has not heard yet
    g = tmp_path / "2.hpkg"
    a.exchange.export(g, profile="exchange", recipients=[b.keys.age_recipient], participants=[pid])
    before = db_summary(b)
    report = b.exchange.import_file(g)
    assert report.entity("participant").blocked == 1 and report.entity("participant").new == 0
    assert pid not in {p.id for p in b.participants.list()}
    after = db_summary(b)
    for entity in ("participant", "evidence", "attachment", "follow_up", "assessment"):
        assert after[entity] == before[entity]
    # The erasure travels to A and removes the record there too.
    report = send(b, a, tmp_path / "3.hpkg")
    assert report.entity("participant").deleted == 1
    assert pid not in {p.id for p in a.participants.list()}


def test_passphrase_package(app: App, b_app: App, admin_id: str, tmp_path: Path) -> None:
    rich_participant(app, admin_id, "Märta", tmp_path)
    f = tmp_path / "fras.hpkg"
    app.exchange.export(f, profile="exchange", passphrase="hemlig fras 123")
    assert b_app.exchange.needs_passphrase(f)
    with pytest.raises(UnknownSigner):  # B has not been told to trust A
        b_app.exchange.import_file(f, passphrase="hemlig fras 123")
    report = b_app.exchange.import_file(
        f, passphrase="hemlig fras 123", trust_fingerprint=app.keys.fingerprint
    )
    assert report.entity("participant").new == 1


def test_report_profile_has_no_names_or_free_text(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    a.participants.update(admin_id, pid, phone="070-123", email="m@example.se")
    f = tmp_path / "rapport.hpkg"
    result = a.exchange.export(f, profile="report", recipients=[b.keys.age_recipient])
    assert result.blobs == 0
    members = unpack(b, f)
    text = b"".join(v for n, v in members.items() if n.startswith("records/"))
    for secret in (
        "Märta",
        "Ekström",
        "070-123",
        "m@example.se",
        "Gick bra",
        "Bra",
        "Prismärkning",
        pid,
        "Åsa Öberg",
    ):
        assert secret.encode("utf-8") not in text, secret
    assert not any(n.startswith("blobs/") for n in members)
    assert set(result.counts) <= {
        "workplace",
        "participant",
        "placement",
        "enrollment",
        "certificate",
        "catalogue",
        "business_area",
        "module",
    }
    report = b.exchange.import_file(f)
    assert report.entity("participant").new == 1
    # The same pseudonym next time: Coompanion's follow-up sees one person, updated.
    a.participants.update(admin_id, pid, phone="070-999")
    a.participants.set_stage(admin_id, pid, JourneyStage.WORK_PLAN)
    g = tmp_path / "rapport2.hpkg"
    a.exchange.export(g, profile="report", recipients=[b.keys.age_recipient])
    assert b.exchange.import_file(g).entity("participant").updated == 1


def test_backup_profile_only_to_oneself(app: App, admin_id: str, tmp_path: Path) -> None:
    rich_participant(app, admin_id, "Märta", tmp_path)
    f = tmp_path / "backup.hpkg"
    with pytest.raises(UserError):
        app.exchange.export(f, profile="backup", recipients=["age1xyz"])
    result = app.exchange.export(f, profile="backup")
    assert result.counts["participant"] == 1 and result.blobs == 1
    report = app.exchange.import_file(f)  # into itself: everything unchanged
    assert report.changes == 0 and report.applied


def test_export_is_verified_and_leaves_no_temp_files(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    rich_participant(app, admin_id, "Märta", tmp_path)
    out_dir = tmp_path / "ut"
    out_dir.mkdir()
    app.exchange.export(out_dir / "p.hpkg", profile="backup")
    assert [p.name for p in out_dir.iterdir()] == ["p.hpkg"]
    assert list((app.paths.root / "tmp").iterdir()) == []


def test_cancel_export(app: App, admin_id: str, tmp_path: Path) -> None:
    rich_participant(app, admin_id, "Märta", tmp_path)
    out = tmp_path / "p.hpkg"
    with pytest.raises(Cancelled):
        app.exchange.export(out, profile="backup", progress=lambda done, total: done < 2)
    assert not out.exists()
    assert list(tmp_path.glob(".p.hpkg*")) == []


def test_a_failed_backup_before_import_is_logged(
    pair: tuple[App, App],
    admin_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import errno

    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)

    def full(reason: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(b, "backup_now", full)
    with caplog.at_level("WARNING"):
        assert send(a, b, tmp_path / "p.hpkg").applied
    assert "no backup before the import (disken är full)" in caplog.text
