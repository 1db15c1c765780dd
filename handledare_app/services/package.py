"""The package file (`.hpkg`, DESIGN §5): an age envelope around a ZIP.

ZIP members: `manifest.json`, `manifest.sig` (Ed25519 over the exact manifest bytes),
`records/<entity>.jsonl` (one record per line) and `blobs/<aa>/<sha256>` (stored, not
deflated). The manifest lists the size and SHA-256 of every other member.

Reading trusts nothing: member names are whitelisted, duplicates, links, directories
and anything not in the manifest are refused, and every read is bounded by the size
the manifest declares (a compression bomb stops at that size plus one byte). All
problems raise `PackageError` (a UserError) with a Swedish message.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from ..domain.errors import UserError
from ..storage.fsutil import publish
from . import crypto
from .files import ErrnoKeepingWriter, os_error_text

FORMAT = "handledarappen-paket"
FORMAT_VERSION = 1  # major: a reader refuses a newer one
SUFFIX = ".hpkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024  # one record; a signed snapshot is far below this
MAX_MEMBERS = 2_000_000
MAX_MEMBER_BYTES = 600 * 1024 * 1024  # attachments are at most 500 MB
MAX_TOTAL_BYTES = 64 * 1024**3
# Passphrase packages are encrypted in memory (pyrage has no streaming for scrypt).
PASSPHRASE_LIMIT_BYTES = 50 * 1024 * 1024
PASSPHRASE_LIMIT_TEXT = "50 MB"
CHUNK = 1 << 20

MEMBER_NAME = re.compile(
    r"^(manifest\.json|manifest\.sig|records/[a-z_]{1,40}\.jsonl|blobs/([0-9a-f]{2})/([0-9a-f]{64}))$"
)


class PackageError(UserError):
    """A package that cannot be used; nothing has been changed."""

    cli_hint: str | None = None  # what to add on the command line; printed after the text


class WriteFailed(UserError):
    """The disk refused the package (full, write-protected, gone); `errno` says why."""

    def __init__(self, message: str, errno: int | None) -> None:
        super().__init__(message)
        self.errno = errno


class Cancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Avbrutet. Ingen fil skrevs.")


Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


def _other_kind(head: bytes) -> str:
    """Why a file is no package, naming the app's other files when it is one of them."""
    if head.startswith(b"HANDLEDARAPPEN-SAKERHETSKOPIA"):
        return (
            "det är en krypterad kopia av en hel installation (.hkopia), inget paket. "
            "En sådan kopia läses tillbaka med Återställ (handledare-app restore)."
        )
    if head.startswith(b"PK") and b"invitation" in head:
        return (
            "det är en inbjudan (.hinbjudan), inget paket. Den används på den nya datorn "
            "när den ansluts till arbetsplatsen (handledare-app join)."
        )
    if b'"handledarappen-katalog"' in head:
        return (
            "det är en kriteriebank (katalogfil), inget paket. Den läses in under "
            "Kriteriebank (handledare-app catalogue import)."
        )
    if b'"handledarappen-natverk"' in head:
        return (
            "det är en nätverksfil, inget paket. Den läses in under Inställningar "
            "(handledare-app network import)."
        )
    return "det är inte ett paket från Handledarappen (filen är inte krypterad med age)."


def bad_package(reason: str) -> PackageError:
    return PackageError(f"Paketet kan inte läsas in: {reason} Inget har ändrats.")


# --- writing ------------------------------------------------------------------------


class PackageWriter:
    """Builds the inner ZIP in a temporary file, recording size and hash per member."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", allowZip64=True)
        self.members: dict[str, dict[str, Any]] = {}

    def _member(self, name: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = compress
        info.external_attr = (stat.S_IFREG | 0o600) << 16
        return info

    def write_records(self, entity: str, rows: Iterator[dict[str, Any]]) -> int:
        name = f"records/{entity}.jsonl"
        h = hashlib.sha256()
        size = n = 0
        with self._zip.open(self._member(name, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as fh:
            buf: list[bytes] = []
            for row in rows:
                line = json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
                buf.append(line)
                n += 1
                if len(buf) >= 1000:
                    data = b"".join(buf)
                    h.update(data)
                    size += len(data)
                    fh.write(data)
                    buf.clear()
            data = b"".join(buf)
            h.update(data)
            size += len(data)
            fh.write(data)
        self.members[name] = {"size": size, "sha256": h.hexdigest()}
        return n

    def write_blob(self, sha256: str, source: Path) -> None:
        name = f"blobs/{sha256[:2]}/{sha256}"
        if name in self.members:
            return
        h = hashlib.sha256()
        size = 0
        with (
            open(source, "rb") as src,
            self._zip.open(self._member(name, zipfile.ZIP_STORED), "w", force_zip64=True) as dst,
        ):
            while chunk := src.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                dst.write(chunk)
        if h.hexdigest() != sha256:
            raise UserError(
                f"Filen {sha256[:12]}… i datamappens blobs har ändrats eller är skadad. "
                "Kör ”handledare-app check”. Inget paket skrevs."
            )
        self.members[name] = {"size": size, "sha256": sha256}

    def finish(self, manifest: dict[str, Any], sign: Callable[[bytes], bytes]) -> bytes:
        manifest = dict(manifest, members=dict(sorted(self.members.items())))
        data = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        self._zip.writestr(self._member(MANIFEST, zipfile.ZIP_DEFLATED), data)
        self._zip.writestr(self._member(SIGNATURE, zipfile.ZIP_STORED), sign(data).hex())
        self._zip.close()
        return data

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._zip.close()


def encrypt_to_file(
    plain: Path, out: Path, *, recipients: list[str] | None = None, passphrase: str | None = None
) -> None:
    """Encrypt `plain` into `out` (temp name, flush, fsync, rename). Streams for keys."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with open(plain, "rb") as src, open(tmp, "wb") as dst:
            if passphrase is not None:
                size = os.fstat(src.fileno()).st_size
                if size > PASSPHRASE_LIMIT_BYTES:
                    raise UserError(
                        f"Paketet blir {size // (1024 * 1024)} MB. Med lösenfras går det bara "
                        f"att skicka paket upp till {PASSPHRASE_LIMIT_TEXT}. Kryptera till "
                        "mottagarens nyckel i stället, eller välj färre deltagare."
                    )
                dst.write(age_passphrase.encrypt(src.read(), passphrase))
            else:
                keys = [crypto.recipient_key(r) for r in recipients or []]
                recording = ErrnoKeepingWriter(dst)
                try:
                    pyrage.encrypt_io(src, recording, keys)
                except pyrage.EncryptError:
                    if recording.error is not None:  # e.g. ENOSPC part-way
                        raise recording.error from None
                    raise
            dst.flush()
            os.fsync(dst.fileno())
        publish(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise WriteFailed(
            f"Paketet kunde inte skrivas till {out} ({os_error_text(exc)}).", exc.errno
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


# --- reading ------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(4096)
    except IsADirectoryError:
        raise PackageError(f"{path} är en mapp, inte ett paket.") from None
    except FileNotFoundError:
        raise PackageError(f"Filen {path} finns inte.") from None
    except OSError as exc:
        raise PackageError(f"Filen {path} kunde inte läsas ({os_error_text(exc)}).") from None


def needs_passphrase(path: Path) -> bool:
    return "scrypt" in crypto._stanzas(_head(path))


def decrypt_to_file(
    path: Path,
    workdir: Path,
    *,
    identity: str | None = None,
    passphrase: str | None = None,
) -> Path:
    """Decrypt a package into a temporary file in `workdir`; the caller deletes it."""
    head = _head(path)
    if not head:
        raise bad_package("filen är tom.")
    stanzas = crypto._stanzas(head)
    if not stanzas:
        raise bad_package(_other_kind(head))
    workdir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=workdir, prefix=".import-", suffix=".zip")
    out = Path(name)
    try:
        with open(path, "rb") as src, os.fdopen(fd, "wb") as dst:
            if "scrypt" in stanzas:
                if passphrase is None:
                    missing = PackageError(
                        "Paketet är skyddat med en lösenfras. Ange lösenfrasen för att läsa in det."
                    )
                    missing.cli_hint = (
                        "Ange en fil med lösenfrasen på första raden: --passphrase-file FIL."
                    )
                    raise missing
                size = os.fstat(src.fileno()).st_size
                if size > PASSPHRASE_LIMIT_BYTES + 1024 * 1024:
                    raise bad_package(
                        f"ett paket med lösenfras får vara högst {PASSPHRASE_LIMIT_TEXT}."
                    )
                try:
                    dst.write(age_passphrase.decrypt(src.read(), passphrase))
                except pyrage.DecryptError:
                    raise PackageError(
                        "Fel lösenfras, eller så är paketet skadat. Inget har ändrats."
                    ) from None
            else:
                if identity is None:
                    raise bad_package("det saknas en nyckel att öppna det med.")
                try:
                    pyrage.decrypt_io(src, dst, [x25519.Identity.from_str(identity)])
                except pyrage.DecryptError as exc:
                    if "no matching keys" in str(exc).lower():
                        raise PackageError(
                            "Paketet är inte krypterat till den här datorn och kan inte öppnas "
                            "här. Be avsändaren välja den här datorn som mottagare. Inget har "
                            "ändrats."
                        ) from None
                    raise bad_package(
                        "det är skadat eller ofullständigt (till exempel avkortat)."
                    ) from None
                except OSError as exc:
                    if exc.errno is None:  # the age stream itself failed (cut short, damaged)
                        raise bad_package(
                            "det är skadat eller ofullständigt (till exempel avkortat)."
                        ) from None
                    raise
        return out
    except OSError as exc:
        out.unlink(missing_ok=True)
        raise PackageError(f"Paketet kunde inte läsas ({os_error_text(exc)}).") from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
