"""Photos read and hashed once, checked while they are copied (issue 11 item 5): a changed
or unwritable photo still refuses the whole import, nothing of it stays, and the preview
(which copies nothing, so checks every photo beforehand) refuses it too."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services.app import App
from handledare_app.services.package_reader import PackageReader
from tests.exchange_helpers import open_second, repack, rich_participant, trust_each_other, unpack
from tests.helpers import db_summary


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


@pytest.fixture
def members(app: App, b_app: App, admin_id: str, tmp_path: Path) -> dict[str, bytes]:
    trust_each_other(app, b_app, tmp_path)
    rich_participant(app, admin_id, "Märta", tmp_path)
    out = tmp_path / "good.hpkg"
    app.exchange.export(out, profile="exchange", recipients=[b_app.keys.age_recipient])
    return unpack(b_app, out)


def _blob_files(b: App) -> list[Path]:
    root = b.paths.root / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _refused(b: App, path: Path, words: str, **kwargs: object) -> None:
    before, files = db_summary(b), _blob_files(b)
    with pytest.raises(UserError) as info:
        b.exchange.import_file(path, **kwargs)  # type: ignore[arg-type]
    assert words in info.value.full_text()
    assert db_summary(b) == before
    assert _blob_files(b) == files  # no photo, no temp file left behind


def test_a_changed_photo_refuses_import_and_preview(
    members: dict[str, bytes], app: App, b_app: App, tmp_path: Path
) -> None:
    blob = next(n for n in members if n.startswith("blobs/"))
    members[blob] = bytes([members[blob][0] ^ 1]) + members[blob][1:]  # same size
    f = repack(
        tmp_path / "h.hpkg",
        members,
        recipient=b_app.keys.age_recipient,
        sign=app.keys,
        rehash=False,
    )
    _refused(b_app, f, "kontrollsumman stämmer inte")
    with pytest.raises(UserError, match="kontrollsumman stämmer inte"):
        b_app.exchange.preview(f)


def test_the_good_package_stores_its_photos(
    members: dict[str, bytes], app: App, b_app: App, tmp_path: Path
) -> None:
    # Guards the tests here: the repacked package itself is accepted, photos stored.
    f = repack(tmp_path / "g.hpkg", members, recipient=b_app.keys.age_recipient, sign=app.keys)
    assert b_app.exchange.import_file(f).applied
    hashes = [n.rsplit("/", 1)[1] for n in members if n.startswith("blobs/")]
    assert hashes and all(b_app.blobs.verify(h) for h in hashes)


def test_a_photo_that_cannot_be_written_refuses_the_import(
    members: dict[str, bytes],
    app: App,
    b_app: App,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    f = repack(tmp_path / "g.hpkg", members, recipient=b_app.keys.age_recipient, sign=app.keys)
    real = PackageReader.copy_blob

    def full_disk(self: PackageReader, sha256: str, dest: IO[bytes]) -> None:
        real(self, sha256, dest)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PackageReader, "copy_blob", full_disk)
    before, files = db_summary(b_app), _blob_files(b_app)
    with pytest.raises((OSError, UserError)):
        b_app.exchange.import_file(f)
    assert db_summary(b_app) == before
    assert _blob_files(b_app) == files
    monkeypatch.undo()  # the disk has room again: the same file imports in full
    assert b_app.exchange.import_file(f).applied


def test_copy_blob_says_a_full_disk_as_it_is_and_a_damaged_photo_as_damage(
    tmp_path: Path,
) -> None:
    """Writing the copy fails: that error goes up as it is (the caller says "disken är
    full"); reading the package fails or gives other bytes: the package is refused."""
    import hashlib
    import zipfile

    from handledare_app.services.package import PackageError
    from handledare_app.services.package_reader import Member

    data = b"foto" * 5000
    sha = hashlib.sha256(data).hexdigest()
    name = f"blobs/{sha[:2]}/{sha}"
    plain = tmp_path / "inner.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr(name, data)

    class FullDisk:
        def write(self, _chunk: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    with PackageReader(plain) as reader:
        reader.members = {name: Member(name, len(data), sha)}
        with pytest.raises(OSError) as err:
            reader.copy_blob(sha, FullDisk())  # type: ignore[arg-type]
        assert err.value.errno == errno.ENOSPC and not isinstance(err.value, PackageError)
        reader.members = {name: Member(name, len(data) + 1, sha)}
        with open(tmp_path / "kopia", "wb") as out, pytest.raises(PackageError, match="storlek"):
            reader.copy_blob(sha, out)
