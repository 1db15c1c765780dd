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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import io
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
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pyrage import x25519

from .. import __version__
from ..domain.errors import UserError
from ..storage import backup as storage_backup
from ..storage.fsutil import publish
from ..storage.lock import DataDirLock
from . import restore_journal
from .files import ErrnoKeepingWriter, os_error_text
from .paths import DataPaths

MAGIC = b"HANDLEDARAPPEN-SAKERHETSKOPIA 1\n"
FORMAT_VERSION = 1
SUFFIX = ".hkopia"
MARKER_NAME = "kopia.json"
MANIFEST_NAME = "manifest.json"
DB_MEMBER = "handledare.sqlite"
MAX_KEY_BLOCK = 8192
MAX_JSON_MEMBER = 64 * 1024 * 1024
MAX_MEMBERS = 2_000_000
CHUNK = 1024 * 1024

KEY_BLOCK_TAG = b"scrypt-chacha20poly1305-1"
SCRYPT_LOG_N = 18  # age's default work factor: about a second, 256 MB
SCRYPT_LOG_N_RANGE = range(14, 21)  # what a file may ask for (a hostile one, no more)
SALT_BYTES = 16
NONCE_BYTES = 12

PASSPHRASE_MIN = 12
PASSPHRASE_MAX = 1024
PASSPHRASE_RULES = (
    f"Lösenfrasen ska ha minst {PASSPHRASE_MIN} tecken (gärna tre–fyra vanliga ord med "
    "mellanslag). Skriv upp den och förvara den skild från USB-minnet: utan den går "
    "kopian inte att öppna, inte ens för support."
)

_BLOB_RE = re.compile(r"^blobs/([0-9a-f]{2})/([0-9a-f]{64})$")
_KEY_RE = re.compile(r"^keys/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

Progress = Callable[[int, int], object]  # a return value (Avbryt asked?) is ignored
Cancelled = Callable[[], bool]


class CopyCancelled(UserError):
    """The user pressed Avbryt; nothing was left behind."""

    def __init__(self) -> None:
        super().__init__("Avbrutet. Ingen kopia skrevs.")


@dataclass(frozen=True)
class CopyResult:
    path: Path
    size: int
    files: int
    photos: int
    created_at: dt.datetime


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    created_at: dt.datetime
    photos: int
    replaced_database: Path | None  # where the previous database was moved, if any


def check_passphrase(passphrase: str) -> None:
    """The passphrase rules, with a Swedish message for each broken rule."""
    if len(passphrase) < PASSPHRASE_MIN:
        raise UserError(f"Lösenfrasen är för kort ({len(passphrase)} tecken). {PASSPHRASE_RULES}")
    if len(passphrase) > PASSPHRASE_MAX:
        raise UserError(f"Lösenfrasen är för lång (högst {PASSPHRASE_MAX} tecken).")
    if passphrase.strip() != passphrase:
        raise UserError("Lösenfrasen får inte börja eller sluta med mellanslag.")
    if len(set(passphrase)) < 4:
        raise UserError("Lösenfrasen är för enkel (nästan bara samma tecken). Välj en annan.")


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


# --- the key block ----------------------------------------------------------------


def _derive(passphrase: str, salt: bytes, log_n: int) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=2**log_n, r=8, p=1)
    return kdf.derive(passphrase.encode("utf-8"))


def _wrap_identity(identity: x25519.Identity, passphrase: str) -> bytes:
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key = _derive(passphrase, salt, SCRYPT_LOG_N)
    sealed = ChaCha20Poly1305(key).encrypt(nonce, str(identity).encode("ascii"), MAGIC)
    return KEY_BLOCK_TAG + bytes([SCRYPT_LOG_N]) + salt + nonce + sealed


def _unwrap_identity(block: bytes, passphrase: str) -> x25519.Identity:
    head = len(KEY_BLOCK_TAG)
    if not block.startswith(KEY_BLOCK_TAG) or len(block) < head + 1 + SALT_BYTES + NONCE_BYTES:
        raise UserError("Säkerhetskopian är skadad (nyckeldelen i början stämmer inte).")
    log_n = block[head]
    if log_n not in SCRYPT_LOG_N_RANGE:
        raise UserError("Säkerhetskopian är skadad (nyckeldelen i början stämmer inte).")
    salt = block[head + 1 : head + 1 + SALT_BYTES]
    nonce = block[head + 1 + SALT_BYTES : head + 1 + SALT_BYTES + NONCE_BYTES]
    sealed = block[head + 1 + SALT_BYTES + NONCE_BYTES :]
    try:
        secret = ChaCha20Poly1305(_derive(passphrase, salt, log_n)).decrypt(nonce, sealed, MAGIC)
        return x25519.Identity.from_str(secret.decode("ascii"))
    except (InvalidTag, pyrage.IdentityError, UnicodeDecodeError):
        raise UserError(
            "Fel lösenfras, eller så är början av filen skadad. Kontrollera lösenfrasen "
            "(stora och små bokstäver räknas) och försök igen."
        ) from None


# --- writing ----------------------------------------------------------------------


@dataclass
class _Counter:
    total: int
    done: int = 0
    progress: Progress | None = None
    cancelled: Cancelled | None = None

    def add(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)
        if self.cancelled is not None and self.cancelled():
            raise CopyCancelled()


class _HashingReader:
    """Reads a source file for tarfile, hashing and counting progress on the way."""

    def __init__(self, fh: IO[bytes], counter: _Counter) -> None:
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
            if p.is_file() and not p.is_symlink() and _KEY_RE.match(name):
                out.append((name, p))
    if paths.blobs.is_dir():
        for sub in sorted(paths.blobs.iterdir()):
            if not sub.is_dir() or sub.is_symlink():
                continue
            for p in sorted(sub.iterdir()):
                name = f"blobs/{sub.name}/{p.name}"
                if p.is_file() and not p.is_symlink() and _BLOB_RE.match(name):
                    out.append((name, p))
    return out


def _json_member(tar: tarfile.TarFile, name: str, value: dict[str, Any]) -> None:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _write_tar(
    out: IO[bytes], sources: list[tuple[str, Path]], marker: dict[str, Any], counter: _Counter
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
        key_block = _wrap_identity(identity, passphrase)
        counter = _Counter(total=total, progress=progress, cancelled=cancelled)
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


# --- reading -------------------------------------------------------------------------


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
                "(kanske ett utbytespaket). Läs in den under Utbyte i stället."
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
    return _unwrap_identity(block, passphrase)


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
    counter: _Counter,
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
            blob = _BLOB_RE.match(name)
            if not (name == DB_MEMBER or blob or _KEY_RE.match(name)):
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
        counter = _Counter(total=0, cancelled=cancelled)
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
                counter = _Counter(total=total, progress=progress, cancelled=cancelled)
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
