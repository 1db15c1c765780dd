"""Synkronisera through a folder that fails part-way (issue 11, bad input): a full USB
stick, and the stick pulled out while the others' packages are read."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519

from handledare_app.services import package as pkg
from handledare_app.services.app import App, open_app
from handledare_app.services.sync_faults import SyncIncomplete
from tests.exchange_helpers import digests, rich_participant
from tests.sync_fault_helpers import fill_up
from tests.sync_helpers import fast_seal, join


def names(folder: Path) -> set[str]:
    return set(os.listdir(folder))


def test_full_folder_reads_the_others_writes_nothing_and_sends_it_all_next_time(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    b = join(app, tmp_path, "Lager")
    try:
        rich_participant(b, admin_id, "Åke", tmp_path)
        mine = rich_participant(app, admin_id, "Märta", tmp_path)
        folder = tmp_path / "sticka"
        folder.mkdir()
        b.sync.run(folder)
        before = names(folder)
        fill_up(monkeypatch, folder, room=2000)
        with pytest.raises(SyncIncomplete) as failed:
            app.sync.run(folder)
        text = failed.value.full_text()
        assert "är full" in text and "Frigör plats" in text and "välj en annan mapp" in text
        assert "1 ny eller ändrad deltagare" in text and "från Lager" in text  # read, and said
        assert names(folder) == before  # no half package, under any name
        assert len(app.participants.list()) == 2
        assert app.sync.folder() == folder
        monkeypatch.undo()
        # A folder with room: everything goes, though nothing was confirmed meanwhile.
        other = tmp_path / "annan"
        other.mkdir()
        assert app.sync.run(other).written
        b.sync.run(other)
        assert b.participants.get(mine).first_name == "Märta"
        assert digests(app) == digests(b)
    finally:
        b.close()


def test_full_at_the_first_byte_still_reads(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not even the probe fits: the others' packages are read all the same."""
    fast_seal(monkeypatch)
    b = join(app, tmp_path, "Lager")
    try:
        rich_participant(b, admin_id, "Åke", tmp_path)
        folder = tmp_path / "sticka"
        folder.mkdir()
        b.sync.run(folder)
        before = names(folder)

        def no_room(*_a: object, **_k: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr("handledare_app.services.sync.open", no_room, raising=False)
        fill_up(monkeypatch, folder, room=0)
        with pytest.raises(SyncIncomplete, match="är full") as failed:
            app.sync.run(folder)
        assert failed.value.report.read == 1
        assert names(folder) == before
    finally:
        b.close()


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The stick is still mounted but every access fails with an I/O error."""
    real_listdir = os.listdir

    def listdir(path: Any = ".") -> list[str]:
        if Path(path) == folder:
            raise OSError(errno.EIO, "Input/output error")
        return real_listdir(path)

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file).parent == folder:
            raise OSError(errno.EIO, "Input/output error")
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(pkg, "open", fake_open, raising=False)


@pytest.mark.parametrize("how", ["gone", "io-error"])
def test_stick_pulled_out_while_reading(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Three packages; the stick goes after the first (the folder vanishes, or every
    access fails with EIO). The first stays, nothing of the rest is applied, and with
    the stick back the job finishes: the same records as a clean run, no duplicates."""
    fast_seal(monkeypatch)
    a = join(app, tmp_path, "Kontoret")  # the laptop whose sync is cut short
    b = join(app, tmp_path, "Lager")
    c = join(app, tmp_path, "Kafe")
    folder = tmp_path / "sticka"
    folder.mkdir()
    pulled = pytest.MonkeyPatch()  # the I/O errors, undone when the stick is back
    try:
        for laptop in (a, b, c, app, b, c):  # all learn each other's keys
            laptop.sync.run(folder)
        for laptop, first in ((app, "Märta"), (b, "Åke"), (c, "Ines")):
            rich_participant(laptop, admin_id, first, tmp_path)
            laptop.sync.run(folder)
        a.close()
        clean, first_only = tmp_path / "ren", tmp_path / "forsta"
        shutil.copytree(a.paths.root, clean)  # the same laptop, to sync undisturbed
        shutil.copytree(a.paths.root, first_only)
        a = open_app(a.paths.root)
        real_import = a.exchange.import_file
        away = tmp_path / "utdragen"
        first_pkg = sorted(f for f in folder.glob("hsync-*") if a.db.installation_id not in f.name)[
            0
        ]

        def pulled_after_first(path: Path, **kw: Any) -> Any:
            result = real_import(path, **kw)
            if how == "gone" and folder.exists():
                folder.rename(away)  # the stick is pulled out
            elif how == "io-error":
                _unreadable(pulled, folder)
            return result

        monkeypatch.setattr(a.exchange, "import_file", pulled_after_first)
        with pytest.raises(SyncIncomplete, match="USB-minnet togs bort") as failed:
            a.sync.run(folder)
        assert failed.value.report.read == 1
        assert "1 paket lästes in och finns kvar" in failed.value.message
        assert "Sätt i USB-minnet" in failed.value.message
        assert a.sync.folder() == folder
        if how == "gone":
            away.rename(folder)  # the stick is back
        pulled.undo()
        with open_app(first_only) as same:  # the first package whole, nothing of the rest
            same.exchange.import_file(first_pkg)
            assert digests(a) == digests(same)
        monkeypatch.setattr(a.exchange, "import_file", real_import)
        report = a.sync.run(folder)
        assert report.read == 2 and report.written
        with open_app(clean) as undisturbed:
            assert undisturbed.sync.run(folder).read == 3
            assert digests(a) == digests(undisturbed)
        assert len(a.participants.list()) == 3  # no duplicates
    finally:
        pulled.undo()
        for laptop in (a, b, c):
            laptop.close()


def test_a_package_being_written_is_never_seen_half_done(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A syncs while B's package is half on the stick: A sees nothing of it (it is
    published by rename), says nothing about it, and reads it whole next time."""
    fast_seal(monkeypatch)
    b = join(app, tmp_path, "Lager")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        b.sync.run(folder)
        app.sync.run(folder)  # A trusts B now
        rich_participant(b, admin_id, "Åke", tmp_path)
        seen: list[set[str]] = []

        class Midway:
            def __init__(self, fh: Any) -> None:
                self.fh = fh

            def write(self, data: bytes) -> int:
                n = int(self.fh.write(data[:100]) + self.fh.write(data[100:]))
                if not seen:  # half on the stick: A syncs now
                    self.fh.flush()
                    seen.append(names(folder))
                    report = app.sync.run(folder)
                    assert report.read == 0 and not report.notes, report.notes
                return n

            def __getattr__(self, name: str) -> Any:
                return getattr(self.fh, name)

            def __enter__(self) -> Midway:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()

        def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            fh = builtins.open(file, mode, *args, **kwargs)  # noqa: SIM115 (returned open)
            if "w" in mode and Path(file).parent == folder and not seen:
                return Midway(fh)
            return fh

        monkeypatch.setattr(pkg, "open", fake_open, raising=False)
        b.sync.run(folder)
        assert seen and any(n.startswith(".") for n in seen[0])  # B's temp was there
        report = app.sync.run(folder)
        assert report.read == 1 and report.counts["Lager"]["participant"] == 1
    finally:
        b.close()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_real_full_disk_inside_the_encryption_keeps_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel's ENOSPC on a real file, part-way through the stream: pyrage wraps it in
    EncryptError (once an internal error, "Något gick fel"); it must stay a full disk."""
    plain = tmp_path / "plain.zip"
    plain.write_bytes(os.urandom(300_000))  # more than one buffer: fails inside pyrage
    out = tmp_path / "ut" / "paket.hpkg"
    out.parent.mkdir()

    def to_dev_full(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and Path(file).parent == out.parent:
            Path(file).touch()  # the temp file exists, as on a real stick
            return builtins.open("/dev/full", mode, *args, **kwargs)
        return builtins.open(file, mode, *args, **kwargs)

    monkeypatch.setattr(pkg, "open", to_dev_full, raising=False)
    key = x25519.Identity.generate().to_public()
    with pytest.raises(pkg.WriteFailed, match="disken är full") as failed:
        pkg.encrypt_to_file(plain, out, recipients=[str(key)])
    assert failed.value.errno == errno.ENOSPC
    assert os.listdir(out.parent) == []


def test_a_write_cut_off_earlier_leaves_no_temporary_file_for_long(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Temporary files this laptop left (power cut mid-write) go at its next sync; another
    laptop's temporary file (it may be writing right now) stays."""
    fast_seal(monkeypatch)
    b = join(app, tmp_path, "Lager")
    try:
        folder = tmp_path / "sticka"
        folder.mkdir()
        b.sync.run(folder)  # the inviting laptop learns of B from its first package
        own = app.setup.installation().id
        other = b.setup.installation().id
        mine = [
            folder / f".hsync-{own}-abc123.tmp.hpkg",
            folder / f"..hsync-{own}-abc123.tmp.hpkg.tmp",
        ]
        theirs = folder / f".hsync-{other}-def456.tmp.hpkg"
        for path in [*mine, theirs]:
            path.write_bytes(b"halv")
        assert app.sync.run(folder).written
        assert not any(p.exists() for p in mine)
        assert theirs.exists()
        assert not [n for n in names(folder) if n.startswith(".") and own in n]
    finally:
        b.close()
