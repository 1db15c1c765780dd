"""Synkronisera with bad things in the folder (issue 11): half-written files, files from
another workplace, a package removed while reading, the stick pulled out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services import joining
from handledare_app.services.app import App, open_app
from tests.exchange_helpers import digests, rich_participant
from tests.sync_helpers import fast_seal


def test_half_written_and_foreign_files_are_skipped(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    inv = app.joining.invite(None, tmp_path / "x.hinbjudan")
    b = open_app(tmp_path / "b")
    try:
        b.joining.join(inv.path, inv.code, "Lager")
        rich_participant(b, admin_id, "Åke", tmp_path)
        folder = tmp_path / "sticka"
        folder.mkdir()
        b.sync.run(folder)
        [package] = list(folder.glob("hsync-*.hpkg"))
        whole = package.read_bytes()
        package.write_bytes(whole[: len(whole) // 2])  # the stick was pulled mid-copy
        wp = app.setup.workplace().id
        foreign = folder / package.name.replace(wp, "00000000-0000-7000-8000-000000000000")
        foreign.write_bytes(b"not ours")
        before = digests(app)
        report = app.sync.run(folder)
        assert report.read == 0
        assert any("annan arbetsplats" in n for n in report.notes)
        assert any(package.name[:60] in n for n in report.notes)
        assert digests(app)["participant"] == before["participant"]
        assert foreign.exists()  # never removed: not ours
        package.write_bytes(whole)  # the rest arrives: read next time
        report = app.sync.run(folder)
        assert report.read == 1 and report.counts["Lager"]["participant"] == 1
        assert joining.PROOF_KEY  # the joiner's proof made it trusted
    finally:
        b.close()


def test_stick_removed_before_sync(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "sticka"
    folder.mkdir()
    shutil.rmtree(folder)
    with pytest.raises(UserError, match="Sätt i USB-minnet"):
        app.sync.run(folder)


def test_clock_a_year_behind_and_a_package_replaced_while_reading(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    inv = app.joining.invite(None, tmp_path / "x.hinbjudan")
    b = open_app(tmp_path / "b")
    try:
        b.joining.join(inv.path, inv.code, "Lager")
        year_ms = 365 * 24 * 3600 * 1000
        real = b.db.clock._now_ms
        b.db.clock._now_ms = lambda: real() - year_ms  # B's clock is a year behind
        pid = rich_participant(b, admin_id, "Åke", tmp_path)
        b.participants.update(admin_id, pid, phone="111")
        folder = tmp_path / "sticka"
        folder.mkdir()
        b.sync.run(folder)
        # B syncs again at the same moment A reads: the file A listed is replaced.
        real_import = app.exchange.import_file

        def replaced_meanwhile(path: Path, **kw: object) -> object:
            b.participants.update(admin_id, pid, email="a@b.se")
            b.sync.run(folder)  # writes a newer package, removes the one A listed
            return real_import(path, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(app.exchange, "import_file", replaced_meanwhile)
        report = app.sync.run(folder)
        assert report.read == 0  # the listed file is gone: nothing to say about it
        assert not any("lästes inte" in n for n in report.notes), report.notes
        monkeypatch.setattr(app.exchange, "import_file", real_import)
        report = app.sync.run(folder)
        assert report.read == 1
        # A's edit after seeing B's wins, however wrong B's clock is (causality, not time).
        app.participants.update(admin_id, pid, phone="222")
        app.sync.run(folder)
        b.sync.run(folder)
        assert b.participants.get(pid).phone == "222"
        assert b.participants.get(pid).email == "a@b.se"
        assert digests(app) == digests(b)
    finally:
        b.close()


def test_clock_a_year_ahead_is_refused_naming_the_laptop(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stamps a year ahead would win over every later edit: the package is refused with
    the sender named, and nothing of it is applied."""
    fast_seal(monkeypatch)
    inv = app.joining.invite(None, tmp_path / "x.hinbjudan")
    b = open_app(tmp_path / "b")
    try:
        b.joining.join(inv.path, inv.code, "Lager")
        folder = tmp_path / "sticka"
        folder.mkdir()
        b.sync.run(folder)
        app.sync.run(folder)  # A knows B's key now
        year_ms = 365 * 24 * 3600 * 1000
        real = b.db.clock._now_ms
        b.db.clock._now_ms = lambda: real() + year_ms
        pid = rich_participant(b, admin_id, "Åke", tmp_path)
        b.sync.run(folder)
        before = digests(app)
        report = app.sync.run(folder)
        assert any("fram i tiden" in n and "Lager" in n for n in report.notes), report.notes
        assert digests(app) == before
        with pytest.raises(UserError):
            app.participants.get(pid)
    finally:
        b.close()
