"""The package file's digest is taken while it is decrypted (issue 11 item 5): one read
of a large file instead of two, and a file imported before is still recognised, also
when it could not be decrypted again (no passphrase given)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.services import package as pkg
from handledare_app.services.app import App
from handledare_app.storage.models import ImportLogRow
from tests.exchange_helpers import open_second, rich_participant, same_workplace, send


@pytest.fixture
def pair(app: App, tmp_path: Path) -> Iterator[tuple[App, App]]:
    other = open_second(tmp_path / "b")
    same_workplace(app, other, tmp_path)
    yield app, other
    other.close()


def test_digest_logged_is_the_whole_files_and_reimport_says_so(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    f = tmp_path / "1.hpkg"
    assert send(a, b, f).applied
    with b.db.reader() as tx:
        logged = {r.sha256 for r in tx.find(ImportLogRow, kind="package")}
    assert hashlib.sha256(f.read_bytes()).hexdigest() in logged
    again = b.exchange.import_file(f)
    assert again.already_imported and not again.applied


def test_a_file_with_data_after_the_age_stream_is_hashed_whole(tmp_path: Path) -> None:
    import pyrage
    from pyrage import x25519

    ident = x25519.Identity.generate()
    data = pyrage.encrypt(b"PK not really a zip", [ident.to_public()])
    f = tmp_path / "p.hpkg"
    f.write_bytes(data + b"tail" * 10_000)
    digest = hashlib.sha256()
    with pytest.raises(pkg.PackageError):  # age refuses data after its last chunk
        pkg.decrypt_to_file(f, tmp_path / "tmp", identity=str(ident), file_hash=digest)
    f.write_bytes(data)
    digest = hashlib.sha256()
    out = pkg.decrypt_to_file(f, tmp_path / "tmp", identity=str(ident), file_hash=digest)
    assert out.read_bytes() == b"PK not really a zip"
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


def test_passphrase_package_reimported_without_the_passphrase_is_already_imported(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    f = tmp_path / "fras.hpkg"
    a.exchange.export(f, profile="exchange", passphrase="hemlig fras 123")
    assert b.exchange.import_file(f, passphrase="hemlig fras 123").applied
    again = b.exchange.import_file(f)  # no passphrase: known by its digest all the same
    assert again.already_imported
    with pytest.raises(pkg.PackageError, match="lösenfras"):
        b.exchange.import_file(_copy_changed(f))  # not imported before: asks for it


def _copy_changed(f: Path) -> Path:
    """The same package with one byte appended: another file, not imported before."""
    g = f.with_name("fras-2.hpkg")
    g.write_bytes(f.read_bytes() + b"\n")
    return g
