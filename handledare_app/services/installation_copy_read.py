"""Reading an encrypted copy of the installation (`.hkopia`) back: opening the file and
its key block with the passphrase, decrypting the age stream in a thread and checking
every tar member against its hash and the manifest (`verify_copy`, which writes nothing),
and `restore_copy`, which unpacks into a staging folder and only then switches the data
folder over through `restore_journal`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tarfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyrage
from pyrage import x25519

from ..domain.errors import UserError
from ..storage import backup as storage_backup
from ..storage.lock import DataDirLock
from . import restore_journal
from .files import os_error_text
from .installation_copy_format import (
    BLOB_RE,
    CHUNK,
    DB_MEMBER,
    FORMAT_VERSION,
    KEY_RE,
    MAGIC,
    MANIFEST_NAME,
    MARKER_NAME,
    MAX_JSON_MEMBER,
    MAX_KEY_BLOCK,
    MAX_MEMBERS,
    Cancelled,
    Progress,
    ProgressCounter,
    unwrap_identity,
)
from .paths import DataPaths


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    created_at: dt.datetime
    photos: int
    replaced_database: Path | None  # where the previous database was moved, if any


def _open_source(source: Path) -> IO[bytes]:
    try:
        if source.is_dir():
            raise UserError(f"{source} är en mapp, inte en säkerhetskopia.")
        fh = open(source, "rb")  # noqa: SIM115 - the caller closes it
    except FileNotFoundError:
        raise UserError(
            f"Filen {source} finns inte. Är USB-minnet isatt och är det rätt fil?"
        ) from None
    except OSError as exc:
        raise UserError(f"Filen {source} kunde inte läsas ({os_error_text(exc)}).") from None
    if os.name == "posix" and hasattr(os, "posix_fadvise"):
        # Verification should read the stick, not what we just wrote to the page cache.
        with contextlib.suppress(OSError):
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    return fh


def _read_identity(fh: IO[bytes], passphrase: str) -> x25519.Identity:
    head = fh.read(len(MAGIC))
    if head != MAGIC and len(head) >= 20 and MAGIC.startswith(head):
        raise UserError("Säkerhetskopian är ofullständig (filen tar slut för tidigt).")
    if head != MAGIC:
        if head.startswith(b"age-encryption.org/"):
            raise UserError(
                "Filen är krypterad men är ingen säkerhetskopia av hela installationen "
                "(kanske ett utbytespaket). Läs in den under Utbyte i stället (handledare-app import)."
            )
        if re.match(rb"^HANDLEDARAPPEN-SAKERHETSKOPIA \d+\n$", head):
            raise UserError(
                "Säkerhetskopian är gjord av en nyare version av Handledarappen. "
                "Installera den senaste versionen och försök igen."
            )
        raise UserError("Filen är ingen säkerhetskopia från Handledarappen.")
    line = fh.read(12).split(b"\n", 1)
    if len(line) != 2 or not line[0].isdigit() or not 0 < int(line[0]) <= MAX_KEY_BLOCK:
        raise UserError("Säkerhetskopian är skadad (början av filen stämmer inte).")
    length = int(line[0])
    fh.seek(len(MAGIC) + len(line[0]) + 1)
    block = fh.read(length)
    if len(block) != length:
        raise UserError("Säkerhetskopian är ofullständig (filen tar slut för tidigt).")
    if not passphrase:
        raise UserError("Skriv lösenfrasen för säkerhetskopian.")
    return unwrap_identity(block, passphrase)


class _BadArchive(Exception):
    """The decrypted content is not what a backup holds (a Swedish message)."""


@dataclass
class _Reading:
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    marker: dict[str, Any] | None = None
    manifest: dict[str, Any] | None = None


def _read_json(tar: tarfile.TarFile, info: tarfile.TarInfo) -> dict[str, Any]:
    if info.size > MAX_JSON_MEMBER:
        raise _BadArchive("en innehållsförteckning är orimligt stor")
    stream = tar.extractfile(info)
    assert stream is not None
    try:
        value = json.loads(stream.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _BadArchive("en innehållsförteckning går inte att läsa") from None
    if not isinstance(value, dict):
        raise _BadArchive("en innehållsförteckning har fel form")
    return value


def _consume_tar(
    stream: IO[bytes],
    staging: Path | None,
    counter: ProgressCounter,
) -> _Reading:
    """Read the tar stream member by member; write to `staging` (or only hash when None)."""
    reading = _Reading()
    seen: set[str] = set()
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for info in tar:
            name = info.name
            if len(reading.members) > MAX_MEMBERS:
                raise _BadArchive("för många filer")
            if reading.manifest is not None:
                raise _BadArchive("det finns innehåll efter innehållsförteckningen")
            if not info.isfile():
                raise _BadArchive(f"”{name[:80]}” är ingen vanlig fil")
            if name in seen:
                raise _BadArchive(f"”{name[:80]}” finns två gånger")
            seen.add(name)
            if reading.marker is None:
                if name != MARKER_NAME:
                    raise _BadArchive("märkningen saknas")
                reading.marker = _read_json(tar, info)
                if reading.marker.get("format") != "handledarappen-kopia":
                    raise _BadArchive("märkningen stämmer inte")
                if reading.marker.get("version") != FORMAT_VERSION:
                    raise _BadArchive("kopian har ett okänt format")
                continue
            if name == MANIFEST_NAME:
                reading.manifest = _read_json(tar, info)
                continue
            blob = BLOB_RE.match(name)
            if not (name == DB_MEMBER or blob or KEY_RE.match(name)):
                raise _BadArchive(f"okänt filnamn ”{name[:80]}”")
            source = tar.extractfile(info)
            assert source is not None
            sha = hashlib.sha256()
            size = 0
            out: IO[bytes] | None = None
            if staging is not None:
                dest = staging / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                out = open(dest, "wb")  # noqa: SIM115 - closed below
            try:
                while chunk := source.read(CHUNK):
                    sha.update(chunk)
                    size += len(chunk)
                    if out is not None:
                        out.write(chunk)
                    counter.add(len(chunk))
                if out is not None:
                    out.flush()
                    os.fsync(out.fileno())
            finally:
                if out is not None:
                    out.close()
            digest = sha.hexdigest()
            if blob and blob.group(2) != digest:
                raise _BadArchive(f"bilden {blob.group(2)[:12]}… har fel innehåll")
            reading.members[name] = {"size": size, "sha256": digest}
    if reading.marker is None:
        raise _BadArchive("märkningen saknas")
    if reading.manifest is None:
        raise _BadArchive("innehållsförteckningen saknas (filen är troligen avkortad)")
    listed = reading.manifest.get("members")
    if listed != reading.members:
        raise _BadArchive("innehållet stämmer inte med innehållsförteckningen")
    if DB_MEMBER not in reading.members:
        raise _BadArchive("databasen saknas")
    return reading


def _decrypt_into(
    fh: IO[bytes], identity: x25519.Identity, consume: Callable[[IO[bytes]], _Reading]
) -> _Reading:
    """age-decrypt `fh` (from its position) in a thread into a pipe that `consume` reads."""
    read_fd, write_fd = os.pipe()
    age_error: list[BaseException] = []

    def decrypter() -> None:
        try:
            with open(write_fd, "wb", buffering=0) as w:
                pyrage.decrypt_io(fh, w, [identity])
        except BaseException as exc:  # judged below, together with the reader's result
            age_error.append(exc)

    thread = threading.Thread(target=decrypter, name="kopia-age", daemon=True)
    thread.start()
    reader = open(read_fd, "rb", buffering=CHUNK)  # noqa: SIM115 - closed in finally
    try:
        try:
            result = consume(reader)
        except (_BadArchive, tarfile.TarError, EOFError) as exc:
            reader.close()
            thread.join()
            if age_error:  # the stream broke off: truncated or damaged
                raise _damaged() from None
            if isinstance(exc, _BadArchive):
                raise UserError(
                    f"Säkerhetskopian är skadad eller ingen kopia från Handledarappen ({exc})."
                ) from None
            raise _damaged() from None
        # Drain, so age reaches the end and checks the final chunk.
        while reader.read(CHUNK):
            pass
    finally:
        reader.close()
        thread.join()
    if age_error:
        raise _damaged()
    return result


def _damaged() -> UserError:
    return UserError(
        "Säkerhetskopian är skadad eller ofullständig (till exempel avbruten kopiering "
        "eller ett dåligt USB-minne) och kan inte användas. Ingenting har ändrats."
    )


def check_passphrase_of(source: Path, passphrase: str) -> None:
    """Only open the key block: a wrong passphrase or a file that is no copy is said
    before anything is closed or changed."""
    with _open_source(source) as fh:
        _read_identity(fh, passphrase)


def verify_copy(
    source: Path, passphrase: str, *, cancelled: Cancelled | None = None
) -> dict[str, dict[str, Any]]:
    """Decrypt and check every member's hash without writing anything; the members."""
    with _open_source(source) as fh:
        identity = _read_identity(fh, passphrase)
        counter = ProgressCounter(total=0, cancelled=cancelled)
        reading = _decrypt_into(fh, identity, lambda s: _consume_tar(s, None, counter))
    return reading.members


def _created_at(marker: dict[str, Any] | None) -> dt.datetime:
    text = str((marker or {}).get("created_at", ""))
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.fromtimestamp(0, dt.UTC)


@contextlib.contextmanager
def _locked(paths: DataPaths) -> Iterator[None]:
    lock = DataDirLock(paths.root)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def restore_copy(
    source: Path,
    passphrase: str,
    data_dir: Path,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    lock_held: bool = False,
) -> RestoreResult:
    """Restore an installation from an encrypted copy into `data_dir`.

    Refuses a folder that already holds a set-up installation unless `replace`; then the
    old database and keys are moved aside (never deleted). Nothing in `data_dir`
    changes until the whole file has been decrypted and checked. No App may be open on
    `data_dir` (the data-folder lock is taken for the whole restore, unless the caller
    already holds it: `lock_held`)."""
    paths = DataPaths(data_dir)
    set_up = paths.db.exists() and storage_backup.is_set_up_database(paths.db)
    if set_up and not replace:
        raise UserError(
            f"Datamappen {data_dir} innehåller redan en installation. Välj en tom mapp, "
            "eller ersätt den uttryckligen (då flyttas den nuvarande databasen undan, "
            "den raderas inte)."
        )
    with _open_source(source) as fh:
        total = os.fstat(fh.fileno()).st_size
        identity = _read_identity(fh, passphrase)
        paths.prepare()
        if shutil.disk_usage(paths.root).free < total + 16 * 1024 * 1024:
            raise UserError(
                f"Det finns inte plats i {data_dir} (disken är full eller nästan full): "
                f"kopian behöver cirka {total // 2**20 + 1} MB."
            )
        with contextlib.nullcontext() if lock_held else _locked(paths):
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
            restore_journal.finish_interrupted(paths)
            staging = paths.root / f"{restore_journal.STAGING_PREFIX}{stamp}"
            staging.mkdir(mode=0o700)  # it will hold private keys
            journal_begun = False
            try:
                counter = ProgressCounter(total=total, progress=progress, cancelled=cancelled)
                try:
                    reading = _decrypt_into(
                        fh, identity, lambda s: _consume_tar(s, staging, counter)
                    )
                except OSError as exc:
                    raise UserError(
                        f"Kopian kunde inte packas upp i {data_dir} ({os_error_text(exc)})."
                    ) from None
                staged_db = staging / DB_MEMBER
                if not storage_backup.is_good_backup(staged_db):
                    raise UserError("Databasen i säkerhetskopian är skadad och kan inte användas.")
                restore_journal.begin(paths, staging, stamp)
                journal_begun = True
                replaced = restore_journal.apply(paths, staging, stamp)
                restore_journal.finish(paths, staging)
            finally:
                if not journal_begun:  # before the journal: the old installation stands
                    shutil.rmtree(staging, ignore_errors=True)
    photos = sum(1 for n in reading.members if n.startswith("blobs/"))
    return RestoreResult(paths.root, _created_at(reading.marker), photos, replaced)
