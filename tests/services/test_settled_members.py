"""A resent package: records files applied here in full before are not read again
(issue 11 item 5, services/settled_members.py); anything that lost or was blocked is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handledare_app.services import settled_members
from handledare_app.services.app import App
from handledare_app.services.exchange_import import EntityCounts
from handledare_app.services.package_reader import PackageReader
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


@pytest.fixture
def pair(app: App, tmp_path: Path) -> Iterator[tuple[App, App]]:
    other = open_second(tmp_path / "b")
    same_workplace(app, other, tmp_path)
    yield app, other
    other.close()


@pytest.fixture
def read_log(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entities whose records files an import reads."""
    log: list[str] = []
    original = PackageReader.iter_records

    def spy(self: PackageReader, entity: str) -> Iterator[tuple[int, Any]]:
        log.append(entity)
        return original(self, entity)

    monkeypatch.setattr(PackageReader, "iter_records", spy)
    return log


def _export(a: App, b: App, out: Path) -> Path:
    a.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient])
    return out


def test_resent_records_files_are_counted_without_reading(
    pair: tuple[App, App], admin_id: str, tmp_path: Path, read_log: list[str]
) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    first = b.exchange.import_file(_export(a, b, tmp_path / "1.hpkg"))
    assert first.applied and first.entity("participant").new == 1
    read_log.clear()
    again = b.exchange.import_file(_export(a, b, tmp_path / "2.hpkg"))  # same records
    assert again.applied and again.changes == 0 and not again.already_imported
    for entity, c in first.counts.items():
        if entity != "tombstone":
            assert again.entity(entity).unchanged == c.new + c.updated + c.unchanged
    assert set(read_log) <= settled_members.NEVER  # nothing else read a second time
    da, db = digests(a), digests(b)
    assert all(da[e] == db[e] for e in EXCHANGED if e in da)
    # A changed record makes its file new: that file is read and applied as usual.
    pid = a.participants.list()[0].id
    a.participants.update(admin_id, pid, phone="070-222 22 22")
    read_log.clear()
    third = b.exchange.import_file(_export(a, b, tmp_path / "3.hpkg"))
    assert "participant" in read_log and "evidence" not in read_log
    assert third.entity("participant").updated == 1
    assert b.participants.get(pid).phone == "070-222 22 22"


def test_a_file_with_a_conflict_is_read_again(
    pair: tuple[App, App], admin_id: str, tmp_path: Path, read_log: list[str]
) -> None:
    a, b = pair
    pid = rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    a.participants.update(admin_id, pid, phone="111")
    b.participants.update(admin_id, pid, phone="222")
    report = a.exchange.import_file(_export(b, a, tmp_path / "2.hpkg"))
    assert report.entity("participant").conflicts == 1
    read_log.clear()
    again = a.exchange.import_file(_export(b, a, tmp_path / "3.hpkg"))
    assert "participant" in read_log  # not settled: decided record by record again
    assert "evidence" not in read_log  # settled by the first import
    assert again.changes == 0 and a.participants.get(pid).phone == "222"


def test_to_record_keeps_only_files_settled_in_full() -> None:
    counts = {
        "participant": EntityCounts(new=2, updated=1, unchanged=3),
        "evidence": EntityCounts(new=1, conflicts=1),
        "signoff": EntityCounts(blocked=1),
        "placement": EntityCounts(unchanged=1, deleted=1),
        "tombstone": EntityCounts(new=4),
    }
    members = {e: f"{i:064x}" for i, e in enumerate([*counts, "module"])}
    assert settled_members.to_record(members, counts) == {members["participant"]: 6}


def test_a_settled_file_is_neither_read_nor_hashed(
    pair: tuple[App, App], admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11 item 5: a records file applied here in full before is not read, so its
    hash is not checked either; any other member still is, and a member left unchecked
    can never be read."""
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    assert b.exchange.import_file(_export(a, b, tmp_path / "1.hpkg")).applied
    hashed: list[str] = []
    original = PackageReader.check_members

    def spy(self: PackageReader, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if kwargs.get("unread") is None:  # the exporter's own re-read
            return
        hashed.extend(n for n in self.members if n not in self._unchecked)
        for name in self._unchecked:  # an unchecked member is never read
            with pytest.raises(RuntimeError):
                list(self.iter_records(name[len("records/") : -len(".jsonl")]))

    monkeypatch.setattr(PackageReader, "check_members", spy)
    again = b.exchange.import_file(_export(a, b, tmp_path / "2.hpkg"))
    assert again.applied and again.changes == 0
    assert settled_members.member_name("participant") not in hashed
    assert settled_members.member_name("evidence") not in hashed
    # A settled file changed after signing is not read: nothing of it is applied.
    monkeypatch.undo()
    members = unpack(b, _export(a, b, tmp_path / "3.hpkg"))
    name = settled_members.member_name("participant")
    members[name] = members[name].replace("Märta".encode(), "Mårta".encode())
    before = db_summary(b)
    f = repack(
        tmp_path / "4.hpkg", members, recipient=b.keys.age_recipient, sign=a.keys, rehash=False
    )
    assert b.exchange.import_file(f).changes == 0
    assert db_summary(b) == before


def test_unread_names_only_settled_records_files() -> None:
    done = {"a" * 64: 3}
    assert settled_members.unread("records/evidence.jsonl", "a" * 64, done)
    assert not settled_members.unread("records/evidence.jsonl", "b" * 64, done)
    assert not settled_members.unread("records/tombstone.jsonl", "a" * 64, done)
    assert not settled_members.unread(f"blobs/aa/{'a' * 64}", "a" * 64, done)
    assert not settled_members.unread("records/x/evidence.jsonl", "a" * 64, done)
