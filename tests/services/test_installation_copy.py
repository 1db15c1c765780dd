"""Säkerhetskopiera till…: the encrypted copy of the whole installation, and restoring it."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import os
import tarfile
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from handledare_app.domain.enums import EvidenceType
from handledare_app.domain.errors import UserError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services import installation_copy as ic
from handledare_app.services import installation_copy_format as icf
from handledare_app.services.app import App, open_app
from handledare_app.services.files import ErrnoKeepingWriter
from tests.helpers import db_summary, sha256_file, tiny_png

PASS = "korrekt häst batteri häftklammer"


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lowest work factor a file may carry (the real one takes ~1 s per use)."""
    monkeypatch.setattr(icf, "SCRYPT_LOG_N", min(icf.SCRYPT_LOG_N_RANGE))


def _blobs(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): sha256_file(p)
        for p in sorted((root / "blobs").rglob("*"))
        if p.is_file()
    }


def _keys(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "keys").iterdir()) if p.is_file()}


@pytest.fixture
def photo_app(app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path) -> App:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 1))
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 2),
        title="Hyllan är klar",
    )
    photo = tmp_path / "hylla.png"
    photo.write_bytes(tiny_png())
    app.evidence.add_attachment(admin_id, ev.id, photo)
    # A second, larger file so the stream spans many age chunks.
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024))
    app.evidence.add_attachment(admin_id, ev.id, big)
    return app


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_round_trip_into_a_new_folder(
    photo_app: App, admin_id: str, stick: Path, tmp_path: Path
) -> None:
    app = photo_app
    seen: list[tuple[int, int]] = []
    result = app.backups.write_copy(
        admin_id, stick / "kopia", PASS, progress=lambda d, t: seen.append((d, t))
    )
    assert result.path == stick / "kopia.hkopia" and result.path.exists()
    assert result.photos == 2 and result.size == result.path.stat().st_size
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached 100 %
    assert not list(stick.glob(".*tmp")) and not list(app.paths.root.glob(".kopia-*"))
    assert not result.path.read_bytes().count(b"SQLite format 3")  # nothing in clear

    expected = db_summary(app)
    digests = app.summary.entity_digests()
    blobs, keys = _blobs(app.paths.root), _keys(app.paths.root)
    public = app.keys.signing_public
    app.close()

    target = tmp_path / "ny-dator"
    restored = ic.restore_copy(result.path, PASS, target)
    assert restored.photos == 2 and restored.replaced_database is None
    assert abs((restored.created_at - result.created_at).total_seconds()) < 2
    assert not list(target.glob(".aterstallning-*"))
    with open_app(target) as new:
        assert new.summary.entity_digests() == digests
        assert db_summary(new) == expected
        assert new.check.run() == []
        assert new.keys.signing_public == public  # the same installation, keys and all
    assert _blobs(target) == blobs
    assert _keys(target) == keys


def test_wrong_passphrase(app: App, admin_id: str, stick: Path, tmp_path: Path) -> None:
    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    target = tmp_path / "ny"
    with pytest.raises(UserError, match="Fel lösenfras"):
        ic.restore_copy(result.path, PASS + "x", target)
    assert not (target / "handledare.sqlite").exists()


def test_truncated_file_is_refused_and_leaves_nothing(
    photo_app: App, admin_id: str, stick: Path, tmp_path: Path
) -> None:
    result = photo_app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    data = result.path.read_bytes()
    for cut in (20, 300, len(data) // 2, len(data) - 10):
        broken = stick / f"avkortad-{cut}.hkopia"
        broken.write_bytes(data[:cut])
        target = tmp_path / f"ny-{cut}"
        with pytest.raises(UserError, match=r"skadad|ofullständig"):
            ic.restore_copy(broken, PASS, target)
        assert not (target / "handledare.sqlite").exists()
        assert not list(target.glob(".aterstallning-*"))
        assert not list((target / "blobs").rglob("*.*")) if target.exists() else True


def test_flipped_byte_is_refused(app: App, admin_id: str, stick: Path, tmp_path: Path) -> None:
    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    data = bytearray(result.path.read_bytes())
    data[len(data) // 2] ^= 0x55
    result.path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="skadad"):
        ic.restore_copy(result.path, PASS, tmp_path / "ny")
    assert not (tmp_path / "ny" / "handledare.sqlite").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "ingen säkerhetskopia"),
        ("hej hej, det här är en vanlig textfil\n".encode(), "ingen säkerhetskopia"),
        (os.urandom(5000), "ingen säkerhetskopia"),
        (b"age-encryption.org/v1\n-> X25519 abc\n", "utbytespaket"),
        (b"HANDLEDARAPPEN-SAKERHETSKOPIA 9\n12\n", "nyare version"),
        (ic.MAGIC + b"abc\n", "skadad"),
    ],
)
def test_not_a_backup(content: bytes, message: str, tmp_path: Path) -> None:
    f = tmp_path / "fil.hkopia"
    f.write_bytes(content)
    with pytest.raises(UserError, match=message):
        ic.restore_copy(f, PASS, tmp_path / "ny")


def test_missing_file_and_missing_stick(app: App, admin_id: str, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="finns inte"):
        ic.restore_copy(tmp_path / "borta.hkopia", PASS, tmp_path / "ny")
    with pytest.raises(UserError, match="USB-minnet isatt"):
        app.backups.write_copy(admin_id, tmp_path / "urdraget" / "k.hkopia", PASS)


def test_refuses_a_set_up_folder_unless_replace(
    app: App, admin_id: str, participant: ParticipantDetail, stick: Path, set_up_template: Path
) -> None:
    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    digests = app.summary.entity_digests()
    app.close()
    # Another set-up installation (the fixture template has no participant).
    import shutil

    other = stick.parent / "annan"
    shutil.copytree(set_up_template, other)
    with pytest.raises(UserError, match="innehåller redan en installation"):
        ic.restore_copy(result.path, PASS, other)
    old_keys = _keys(other)
    outcome = ic.restore_copy(result.path, PASS, other, replace=True)
    assert outcome.replaced_database is not None and outcome.replaced_database.exists()
    assert list(other.glob("keys.ersatt-*"))  # the old keys were moved aside, not deleted
    aside = next(other.glob("keys.ersatt-*"))
    assert {p.name: p.read_bytes() for p in aside.iterdir()} == old_keys
    with open_app(other) as restored:
        assert restored.summary.entity_digests() == digests


def test_refuses_while_the_folder_is_open(app: App, admin_id: str, stick: Path) -> None:
    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    with pytest.raises(UserError):
        ic.restore_copy(result.path, PASS, app.paths.root, replace=True)
    assert app.participants.list() == []


def test_an_empty_new_folder_created_by_opening_counts_as_empty(
    app: App, admin_id: str, stick: Path, tmp_path: Path
) -> None:
    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    target = tmp_path / "nyss-startad"
    open_app(target).close()  # the app was started once on the new computer, not set up
    ic.restore_copy(result.path, PASS, target)
    with open_app(target) as new:
        assert new.setup.is_set_up()


@pytest.mark.parametrize("phrase", ["", "kort", "aaaaaaaaaaaaaaaa", " mellanslag först"])
def test_passphrase_rules(phrase: str, app: App, admin_id: str, stick: Path) -> None:
    with pytest.raises(UserError, match="Lösenfrasen"):
        app.backups.write_copy(admin_id, stick / "k.hkopia", phrase)
    assert list(stick.iterdir()) == []


def test_cancel_leaves_no_file(photo_app: App, admin_id: str, stick: Path) -> None:
    with pytest.raises(UserError, match="Avbrutet"):
        photo_app.backups.write_copy(admin_id, stick / "k.hkopia", PASS, cancelled=lambda: True)
    assert list(stick.iterdir()) == []


def test_full_disk(
    photo_app: App, admin_id: str, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = ErrnoKeepingWriter.write
    written = [0]

    def full(self: ErrnoKeepingWriter, data: bytes) -> int:
        written[0] += len(data)
        if written[0] > 1024 * 1024:
            exc = OSError(errno.ENOSPC, "No space left on device")
            self.error = exc
            raise exc
        return real_write(self, data)

    monkeypatch.setattr(ErrnoKeepingWriter, "write", full)
    with pytest.raises(UserError, match="disken är full"):
        photo_app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    assert list(stick.iterdir()) == []


def test_too_little_space_is_said_before_writing(
    app: App, admin_id: str, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10, 10, 10))  # type: ignore[attr-defined]
    with pytest.raises(UserError, match="MB ledigt"):
        app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    assert list(stick.iterdir()) == []


def test_copy_inside_the_data_folder_is_refused(app: App, admin_id: str) -> None:
    with pytest.raises(UserError, match="utanför datamappen"):
        app.backups.write_copy(admin_id, app.paths.root / "k.hkopia", PASS)


def test_restore_from_copy_replaces_the_open_installation(
    app: App, admin_id: str, participant: ParticipantDetail, stick: Path
) -> None:
    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    digests = app.summary.entity_digests()
    new_participant_name = "Efter Kopian"
    from tests.helpers import new_participant

    new_participant(app, admin_id, new_participant_name.split()[0], last_name="Kopian")
    outcome = app.backups.restore_from_copy(admin_id, result.path, PASS)
    try:
        assert outcome.app.summary.entity_digests() == digests
        assert outcome.before_restore.reason_label == "Före återställning"
        assert outcome.moved_aside.exists() and "ersatt" in outcome.moved_aside.name
    finally:
        outcome.app.close()


def test_restore_from_a_damaged_copy_reopens_unchanged(
    app: App, admin_id: str, participant: ParticipantDetail, stick: Path
) -> None:
    from handledare_app.services.backups import RestoreFailed

    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    data = result.path.read_bytes()
    result.path.write_bytes(data[: len(data) - 100])
    before = db_summary(app)
    with pytest.raises(UserError, match="Fel lösenfras"):
        app.backups.restore_from_copy(admin_id, result.path, "fel fras men lång")
    assert db_summary(app) == before  # refused before anything was closed
    with pytest.raises(RestoreFailed, match="skadad") as caught:
        app.backups.restore_from_copy(admin_id, result.path, PASS)
    reopened = caught.value.app
    try:
        summary = db_summary(reopened)
        assert summary["participant"] == before["participant"]
        assert not list(reopened.paths.root.glob("*ersatt*"))
    finally:
        reopened.close()


def test_an_unexpected_restore_error_is_logged_and_reopens_unchanged(
    app: App,
    admin_id: str,
    stick: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from handledare_app.services.backups import UNEXPECTED_RESTORE, RestoreFailed

    result = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ic, "restore_copy", broken)
    with caplog.at_level("ERROR"), pytest.raises(RestoreFailed) as caught:
        app.backups.restore_from_copy(admin_id, result.path, PASS)
    caught.value.app.close()
    assert caught.value.message == UNEXPECTED_RESTORE
    assert "restore from a copy failed unexpectedly" in caplog.text


# --- hostile content inside a correctly encrypted file ------------------------------


def _hostile_copy(path: Path, members: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    """A file with a valid envelope (right passphrase) around a tar we choose."""
    identity = x25519.Identity.generate()
    block = icf.wrap_identity(identity, PASS)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            info.size = len(data) if info.isfile() else 0
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    body = pyrage.encrypt(buf.getvalue(), [identity.to_public()])
    path.write_bytes(ic.MAGIC + f"{len(block)}\n".encode() + block + bytes(body))
    return path


def _file(name: str) -> tarfile.TarInfo:
    return tarfile.TarInfo(name)


def _marker() -> tuple[tarfile.TarInfo, bytes]:
    data = json.dumps({"format": "handledarappen-kopia", "version": 1}).encode()
    return _file(ic.MARKER_NAME), data


def _manifest(members: dict[str, bytes]) -> tuple[tarfile.TarInfo, bytes]:
    listed = {
        n: {"size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in members.items()
    }
    return _file(ic.MANIFEST_NAME), json.dumps({"format": 1, "members": listed}).encode()


def _good_db(tmp_path: Path) -> bytes:
    import sqlite3

    db = tmp_path / "liten.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE workplace (id TEXT)")
    con.commit()
    con.close()
    return db.read_bytes()


def _link(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = "/etc/passwd"
    return info


@pytest.mark.parametrize(
    "case",
    [
        "dotdot",
        "absolute",
        "backslash",
        "symlink",
        "duplicate",
        "no-manifest",
        "no-marker",
        "hash-mismatch",
        "blob-content",
        "after-manifest",
        "not-sqlite",
    ],
)
def test_hostile_members_are_refused(case: str, tmp_path: Path) -> None:
    db = _good_db(tmp_path)
    blob = b"bild"
    blob_name = f"blobs/{hashlib.sha256(blob).hexdigest()[:2]}/{hashlib.sha256(blob).hexdigest()}"
    good = {ic.DB_MEMBER: db, blob_name: blob}
    members = [_marker(), (_file(ic.DB_MEMBER), db), (_file(blob_name), blob)]
    manifest = _manifest(good)
    if case == "dotdot":
        members.append((_file("blobs/../../utanfor"), b"x"))
    elif case == "absolute":
        members.append((_file("/tmp/utanfor"), b"x"))
    elif case == "backslash":
        members.append((_file("keys\\..\\x"), b"x"))
    elif case == "symlink":
        members.append((_link("keys/lank"), b""))
    elif case == "duplicate":
        members.append((_file(ic.DB_MEMBER), db))
    elif case == "no-marker":
        members = members[1:]
    elif case == "hash-mismatch":
        manifest = _manifest({ic.DB_MEMBER: db, blob_name: b"annat"})
    elif case == "blob-content":
        wrong = f"blobs/{'ab'}/{'ab' * 32}"
        members.append((_file(wrong), b"fel"))
    elif case == "not-sqlite":
        members[1] = (_file(ic.DB_MEMBER), b"inte sqlite" * 100)
        manifest = _manifest({ic.DB_MEMBER: b"inte sqlite" * 100, blob_name: blob})
    if case != "no-manifest":
        members.append(manifest)
    if case == "after-manifest":
        members.append((_file("keys/sen"), b"x"))
    source = _hostile_copy(tmp_path / f"{case}.hkopia", members)
    target = tmp_path / "ny"
    with pytest.raises(UserError, match="skadad"):
        ic.restore_copy(source, PASS, target)
    assert not (target / "handledare.sqlite").exists()
    assert [p.name for p in target.rglob("*") if p.is_file()] == ["handledare.lock"]
    assert not (tmp_path / "utanfor").exists()


def test_well_formed_hostile_helper_restores(tmp_path: Path) -> None:
    """The helper itself builds restorable files: the refusals above are not accidents."""
    db = _good_db(tmp_path)
    members = [_marker(), (_file(ic.DB_MEMBER), db), _manifest({ic.DB_MEMBER: db})]
    source = _hostile_copy(tmp_path / "ok.hkopia", members)
    ic.restore_copy(source, PASS, tmp_path / "ny")
    assert (tmp_path / "ny" / "handledare.sqlite").read_bytes() == db


def test_key_block_work_factor_is_bounded(tmp_path: Path) -> None:
    block = bytearray(icf.wrap_identity(x25519.Identity.generate(), PASS))
    block[len(icf.KEY_BLOCK_TAG)] = 30  # a hostile file asking for 128 GB of scrypt memory
    f = tmp_path / "dyr.hkopia"
    f.write_bytes(ic.MAGIC + f"{len(block)}\n".encode() + bytes(block) + b"age")
    with pytest.raises(UserError, match="skadad"):
        ic.restore_copy(f, PASS, tmp_path / "ny")


def test_a_copy_that_fails_verification_never_replaces_an_older_one(
    app: App, admin_id: str, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    good = first.path.read_bytes()
    monkeypatch.setattr(ic, "verify_copy", lambda *_a, **_k: {})  # what a bad stick returns
    with pytest.raises(UserError, match="inte rätt skriven"):
        app.backups.write_copy(admin_id, stick / "k.hkopia", PASS)
    assert first.path.read_bytes() == good
    assert [p.name for p in stick.iterdir()] == ["k.hkopia"]
