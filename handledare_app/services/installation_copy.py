"""*Säkerhetskopiera till…*: the whole installation in one encrypted file, and back.

The file holds a consistent copy of the database, every photo and file in `blobs/`,
and this computer's keys in `keys/`, so it can be restored on a new computer after the
old one is lost. It is protected by a passphrase the user chooses.

File format (`.hkopia`), version 1::

    HANDLEDARAPPEN-SAKERHETSKOPIA 1\\n      magic line
    <n>\\n                                 length of the key block, decimal
    <n bytes>                             key block: a fresh age X25519 identity,
                                          encrypted with a key derived from the
                                          passphrase (scrypt N=2^18, r=8, p=1, as age's
                                          own passphrase mode) and ChaCha20-Poly1305
    <rest>                                age file encrypted to that identity: a tar
                                          stream with, in order, `kopia.json` (what this
                                          is), `handledare.sqlite`, `keys/…`,
                                          `blobs/aa/<sha256>`, and `manifest.json`
                                          (size and SHA-256 of every member) last

Why two layers: pyrage's passphrase mode only takes and returns whole byte strings,
while `encrypt_io`/`decrypt_io` stream but only to X25519 recipients. So the bulk is
streamed with age to a one-time X25519 key, and only that small key is protected by
the passphrase. The key block does not use pyrage's passphrase functions because they
hold Python's GIL for the whole ~1 s of scrypt, which froze the window (measured);
`cryptography`'s scrypt releases it. Memory stays bounded (a pipe between the tar
writer thread and age; measured about 13 MB peak for 300 MB of content), whatever the
size of the photos.

Writing goes to a temporary name and is flushed and fsynced; the file is then read back
from the disk, decrypted and every member's hash checked, and only then renamed (so a bad
copy never replaces an older good one) and the folder fsynced, before success is
reported.

This module writes the copy (`write_copy`), and the rest of the app imports the copy's
API from here; the format's shared pieces (constants, passphrase rules, key block) live
in `installation_copy_format`, and reading, verifying and restoring in
`installation_copy_read`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import io
import json
import os
import shutil
import tarfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyrage
from pyrage import x25519

from .. import __version__
from ..domain.errors import UserError
from ..storage import backup as storage_backup
from ..storage.fsutil import publish
from .files import ErrnoKeepingWriter, os_error_text
from .installation_copy_format import (
    BLOB_RE,
    CHUNK,
    DB_MEMBER,
    FORMAT_VERSION,
    KEY_RE,
    MAGIC,
    MANIFEST_NAME,
    MARKER_NAME,
    PASSPHRASE_RULES,
    SUFFIX,
    Cancelled,
    CopyCancelled,
    Progress,
    ProgressCounter,
    check_passphrase,
    wrap_identity,
)
from .installation_copy_read import RestoreResult, check_passphrase_of, restore_copy, verify_copy
from .paths import DataPaths

# The names the rest of the app and the tests import from here; the format's pieces live
# in installation_copy_format, reading and restoring in installation_copy_read.
__all__ = [
    "DB_MEMBER",
    "MAGIC",
    "MANIFEST_NAME",
    "MARKER_NAME",
    "PASSPHRASE_RULES",
    "SUFFIX",
    "Cancelled",
    "CopyCancelled",
    "CopyResult",
    "Progress",
    "RestoreResult",
    "check_passphrase",
    "check_passphrase_of",
    "restore_copy",
    "verify_copy",
    "write_copy",
]


@dataclass(frozen=True)
class CopyResult:
    path: Path
    size: int
    files: int
    photos: int
    created_at: dt.datetime


def _write_error(exc: OSError, target: Path) -> UserError:
    if exc.errno == errno.ENOSPC:
        return UserError(
            f"Det finns inte plats för kopian på {target.parent} (disken är full). "
            "Frigör utrymme eller använd ett större USB-minne. Ingen kopia skrevs."
        )
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO):
        return UserError(
            f"Kopian kunde inte skrivas till {target.parent} ({os_error_text(exc)}). "
            "Är USB-minnet urdraget? Sätt i det igen och försök på nytt."
        )
    return UserError(f"Kopian kunde inte skrivas till {target} ({os_error_text(exc)}).")


# --- writing ----------------------------------------------------------------------


class _HashingReader:
    """Reads a source file for tarfile, hashing and counting progress on the way."""

    def __init__(self, fh: IO[bytes], counter: ProgressCounter) -> None:
        self.fh = fh
        self.sha = hashlib.sha256()
        self.counter = counter

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(CHUNK if n is None or n < 0 else min(n, CHUNK))
        self.sha.update(data)
        self.counter.add(len(data))
        return data


def _sources(paths: DataPaths, snapshot: Path) -> list[tuple[str, Path]]:
    """(member name, file) in archive order; only regular files, never links."""
    out: list[tuple[str, Path]] = [(DB_MEMBER, snapshot)]
    if paths.keys.is_dir():
        for p in sorted(paths.keys.iterdir()):
            name = f"keys/{p.name}"
            if p.is_file() and not p.is_symlink() and KEY_RE.match(name):
                out.append((name, p))
    if paths.blobs.is_dir():
        for sub in sorted(paths.blobs.iterdir()):
            if not sub.is_dir() or sub.is_symlink():
                continue
            for p in sorted(sub.iterdir()):
                name = f"blobs/{sub.name}/{p.name}"
                if p.is_file() and not p.is_symlink() and BLOB_RE.match(name):
                    out.append((name, p))
    return out


def _json_member(tar: tarfile.TarFile, name: str, value: dict[str, Any]) -> None:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _write_tar(
    out: IO[bytes],
    sources: list[tuple[str, Path]],
    marker: dict[str, Any],
    counter: ProgressCounter,
) -> dict[str, dict[str, Any]]:
    members: dict[str, dict[str, Any]] = {}
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        _json_member(tar, MARKER_NAME, marker)
        for name, path in sources:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                info = tarfile.TarInfo(name)
                info.size = size
                info.mode = 0o600
                reader = _HashingReader(fh, counter)
                tar.addfile(info, reader)
            members[name] = {"size": size, "sha256": reader.sha.hexdigest()}
        _json_member(tar, MANIFEST_NAME, {"format": FORMAT_VERSION, "members": members})
    return members


def _encrypt_stream(
    sink: ErrnoKeepingWriter, recipient: x25519.Recipient, produce: Callable[[IO[bytes]], None]
) -> None:
    """Run `produce(writer)` in a thread feeding a pipe that age encrypts into `sink`."""
    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def producer() -> None:
        try:
            with open(write_fd, "wb", buffering=CHUNK) as w:
                produce(w)
        except BaseException as exc:  # handed to the caller below
            failure.append(exc)

    thread = threading.Thread(target=producer, name="kopia-tar", daemon=True)
    thread.start()
    reader = open(read_fd, "rb", buffering=0)  # noqa: SIM115 - closed in finally
    age_error: Exception | None = None
    try:
        pyrage.encrypt_io(reader, sink, [recipient])
    except Exception as exc:  # pyrage reports write failures as generic errors
        age_error = exc
    finally:
        reader.close()  # a producer still writing gets EPIPE instead of hanging
        thread.join()
    if failure and not (age_error is not None and isinstance(failure[0], BrokenPipeError)):
        raise failure[0]
    if age_error is not None:
        if sink.error is not None:
            raise sink.error
        raise OSError(errno.EIO, str(age_error))


def write_copy(
    paths: DataPaths,
    target: Path,
    passphrase: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CopyResult:
    """Write the encrypted copy of the installation at `paths` to `target`, then verify it.

    Safe while the app is open (the database is copied with SQLite's backup API)."""
    check_passphrase(passphrase)
    target = target.expanduser()
    if target.suffix != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    if not target.parent.is_dir():
        raise UserError(
            f"Mappen {target.parent} finns inte. Är USB-minnet isatt? Välj en annan plats."
        )
    if target.resolve().is_relative_to(paths.root.resolve()):
        raise UserError(
            "Spara kopian utanför datamappen, helst på ett USB-minne: en kopia på samma "
            "disk försvinner med datorn."
        )
    tmp = target.with_name(f".{target.name}.tmp")
    snapshot = paths.root / f".kopia-{os.getpid()}-{threading.get_ident()}.sqlite"
    created = dt.datetime.now(dt.UTC)
    try:
        storage_backup.copy_database(paths.db, snapshot)
        sources = _sources(paths, snapshot)
        total = sum(p.stat().st_size for _n, p in sources)
        free = shutil.disk_usage(target.parent).free
        if free < total + 1024 * 1024:
            raise UserError(
                f"Kopian behöver cirka {total // 2**20 + 1} MB men det finns bara "
                f"{free // 2**20} MB ledigt på {target.parent}. Använd ett större USB-minne."
            )
        marker = {
            "format": "handledarappen-kopia",
            "version": FORMAT_VERSION,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app_version": __version__,
        }
        identity = x25519.Identity.generate()
        key_block = wrap_identity(identity, passphrase)
        counter = ProgressCounter(total=total, progress=progress, cancelled=cancelled)
        members: dict[str, dict[str, Any]] = {}
        try:
            with open(tmp, "wb") as fh:
                fh.write(MAGIC + f"{len(key_block)}\n".encode("ascii") + key_block)
                sink = ErrnoKeepingWriter(fh)

                def produce(w: IO[bytes]) -> None:
                    members.update(_write_tar(w, sources, marker, counter))

                _encrypt_stream(sink, identity.to_public(), produce)
                fh.flush()
                os.fsync(fh.fileno())
            # Read it back from the stick (not from memory or the page cache) before it
            # gets its name: a bad copy never replaces an older good one there.
            if verify_copy(tmp, passphrase, cancelled=cancelled) != members:
                raise UserError(
                    f"Kopian till {target} blev inte rätt skriven (innehållet stämmer inte vid "
                    "kontrollen). Försök igen, gärna med ett annat USB-minne."
                )
            publish(tmp, target)
        except OSError as exc:
            raise _write_error(exc, target) from None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    finally:
        with contextlib.suppress(OSError):
            snapshot.unlink(missing_ok=True)
    photos = sum(1 for n in members if n.startswith("blobs/"))
    return CopyResult(target, target.stat().st_size, len(members), photos, created)
