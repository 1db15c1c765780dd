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
import io
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from ..domain.errors import UserError
from ..storage import fast_json
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

_NAME = re.compile(
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


def _bad(reason: str) -> PackageError:
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
        raise _bad("filen är tom.")
    stanzas = crypto._stanzas(head)
    if not stanzas:
        raise _bad(_other_kind(head))
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
                    raise _bad(f"ett paket med lösenfras får vara högst {PASSPHRASE_LIMIT_TEXT}.")
                try:
                    dst.write(age_passphrase.decrypt(src.read(), passphrase))
                except pyrage.DecryptError:
                    raise PackageError(
                        "Fel lösenfras, eller så är paketet skadat. Inget har ändrats."
                    ) from None
            else:
                if identity is None:
                    raise _bad("det saknas en nyckel att öppna det med.")
                try:
                    pyrage.decrypt_io(src, dst, [x25519.Identity.from_str(identity)])
                except pyrage.DecryptError as exc:
                    if "no matching keys" in str(exc).lower():
                        raise PackageError(
                            "Paketet är inte krypterat till den här datorn och kan inte öppnas "
                            "här. Be avsändaren välja den här datorn som mottagare. Inget har "
                            "ändrats."
                        ) from None
                    raise _bad(
                        "det är skadat eller ofullständigt (till exempel avkortat)."
                    ) from None
                except OSError as exc:
                    if exc.errno is None:  # the age stream itself failed (cut short, damaged)
                        raise _bad(
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


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


class PackageReader:
    """A decrypted inner ZIP, checked member by member before anything is used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path, "r")
        except (zipfile.BadZipFile, OSError, ValueError):
            raise _bad("innehållet är inte ett giltigt paket (skadad zip-fil).") from None
        self.manifest_bytes = b""
        self.signature = b""
        self.manifest: dict[str, Any] = {}
        self.members: dict[str, Member] = {}
        self._unchecked: set[str] = set()  # members check_members was told are not read

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # structure, manifest and signature ---------------------------------------------

    def check_structure(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _bad("det innehåller orimligt många filer.")
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if "\\" in name:
                raise _bad(f"filnamnet ”{name[:80]}” innehåller bakåtsnedstreck.")
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
                raise _bad(f"filnamnet ”{name[:80]}” är en absolut sökväg.")
            if ".." in name.split("/"):
                raise _bad(f"filnamnet ”{name[:80]}” pekar utanför paketet (..).")
            if name in seen:
                raise _bad(f"filen ”{name[:80]}” finns två gånger.")
            seen.add(name)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise _bad(f"”{name[:80]}” är en länk; länkar tillåts inte.")
            if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise _bad(f"”{name[:80]}” är ingen vanlig fil.")
            m = _NAME.match(name)
            if m is None:
                raise _bad(f"filen ”{name[:80]}” hör inte hemma i ett paket.")
            if m.group(2) is not None and not m.group(3).startswith(m.group(2)):
                raise _bad(f"filen ”{name[:80]}” ligger i fel mapp.")
            if info.file_size > MAX_MEMBER_BYTES:
                raise _bad(f"filen ”{name[:80]}” är för stor.")
        if MANIFEST not in seen or SIGNATURE not in seen:
            raise _bad("innehållsförteckningen eller dess signatur saknas.")

    def _read_small(self, name: str, limit: int) -> bytes:
        with self._zip.open(name) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise _bad(f"{name} är för stor.")
        return data

    def read_manifest(self) -> dict[str, Any]:
        try:
            self.manifest_bytes = self._read_small(MANIFEST, MAX_MANIFEST_BYTES)
            sig_text = self._read_small(SIGNATURE, 256).decode("ascii").strip()
            self.signature = bytes.fromhex(sig_text)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, ValueError, OSError):
            raise _bad("innehållsförteckningen är skadad.") from None
        try:
            manifest = json.loads(self.manifest_bytes)
        except (ValueError, RecursionError):
            raise _bad("innehållsförteckningen är inte giltig JSON.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _bad("det är inte ett paket från Handledarappen.")
        version = manifest.get("format_version")
        if not isinstance(version, int):
            raise _bad("formatversionen saknas.")
        if version > FORMAT_VERSION:
            raise PackageError(
                f"Paketet har formatversion {version}, men den här versionen av "
                f"Handledarappen kan bara läsa version {FORMAT_VERSION}. Uppdatera appen "
                "och försök igen. Inget har ändrats."
            )
        origin = manifest.get("origin")
        if not isinstance(origin, dict) or not isinstance(origin.get("signing_public_key"), str):
            raise _bad("avsändarens nyckel saknas i innehållsförteckningen.")
        members = manifest.get("members")
        if not isinstance(members, dict):
            raise _bad("listan över filer saknas i innehållsförteckningen.")
        self.manifest = manifest
        return manifest

    def signer_key(self) -> bytes:
        try:
            key = bytes.fromhex(self.manifest["origin"]["signing_public_key"])
        except ValueError:
            raise _bad("avsändarens nyckel är skadad.") from None
        if len(key) != crypto.KEY_BYTES:
            raise _bad("avsändarens nyckel är skadad.")
        return key

    def verify_signature(self) -> None:
        if not crypto.verify(self.signer_key(), self.manifest_bytes, self.signature):
            raise _bad(
                "signaturen stämmer inte med innehållsförteckningen (filen har ändrats "
                "efter att den skrevs)."
            )

    def check_members(
        self,
        progress: Progress | None = None,
        held: Callable[[str], bool] | None = None,
        copied: bool = False,
        unread: Callable[[str, str], bool] | None = None,
    ) -> None:
        """Every member listed with the right size and hash; nothing extra, nothing missing.
        `held(sha256)`: a file the receiver already has is not read (nor ever used).
        `copied`: the caller copies every other file of blobs/ with `copy_blob`, which
        checks its size and hash (the same refusals) before anything of it is used: those
        are read once, not hashed here too. `unread(name, sha256)`: a member the caller
        will not read at all (a records file applied here in full before): not hashed,
        and `iter_records` refuses to read it."""
        declared = self.manifest["members"]
        actual = {i.filename: i for i in self._zip.infolist()}
        listed = set(actual) - {MANIFEST, SIGNATURE}
        if set(declared) != listed:
            extra = sorted(listed - set(declared))
            if extra:
                raise _bad(f"filen ”{extra[0][:80]}” finns inte i innehållsförteckningen.")
            raise _bad(f"filen ”{sorted(set(declared) - listed)[0][:80]}” saknas.")
        total = 0
        parsed: dict[str, Member] = {}
        for name, spec in declared.items():
            if not isinstance(spec, dict):
                raise _bad("innehållsförteckningen är skadad.")
            size, digest = spec.get("size"), spec.get("sha256")
            if not isinstance(size, int) or size < 0 or not isinstance(digest, str):
                raise _bad("innehållsförteckningen är skadad.")
            if actual[name].file_size != size:
                raise _bad(f"filen ”{name[:80]}” har en annan storlek än innehållsförteckningen.")
            total += size
            parsed[name] = Member(name, size, digest)
        if total > MAX_TOTAL_BYTES:
            raise _bad("det är orimligt stort.")
        done = 0
        for member in parsed.values():
            if member.name.startswith("blobs/") and not member.name.endswith(member.sha256):
                raise _bad(f"filen ”{member.name[:80]}” har fel namn.")
            if unread is not None and unread(member.name, member.sha256):
                self._unchecked.add(member.name)
                done += member.size
                continue
            if (
                member.name.startswith("blobs/")
                and member.name.rsplit("/", 1)[1] == member.sha256
                and (
                    (copied and member.name == f"blobs/{member.sha256[:2]}/{member.sha256}")
                    or (held is not None and held(member.sha256))
                )
            ):
                done += member.size
                continue
            h = hashlib.sha256()
            n = 0
            try:
                with self._zip.open(member.name) as fh:
                    while chunk := fh.read(min(CHUNK, member.size - n + 1)):
                        n += len(chunk)
                        if n > member.size:
                            break
                        h.update(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                raise _bad(f"filen ”{member.name[:80]}” är skadad.") from None
            if n != member.size:
                raise _bad(
                    f"filen ”{member.name[:80]}” har en annan storlek än innehållsförteckningen."
                )
            if h.hexdigest() != member.sha256:
                raise _bad(f"filen ”{member.name[:80]}” har ändrats (kontrollsumman stämmer inte).")
            if member.name.startswith("blobs/") and not member.name.endswith(member.sha256):
                raise _bad(f"filen ”{member.name[:80]}” har fel namn.")
            done += member.size
            if progress is not None and not progress(done, total):
                raise Cancelled()
        self.members = parsed

    # contents ---------------------------------------------------------------------

    def record_entities(self) -> list[str]:
        return [
            n[len("records/") : -len(".jsonl")] for n in self.members if n.startswith("records/")
        ]

    def blob_hashes(self) -> list[str]:
        return [n.rsplit("/", 1)[1] for n in self.members if n.startswith("blobs/")]

    def iter_records(self, entity: str) -> Iterator[tuple[int, Any]]:
        """(line number, parsed JSON) for each line; bounded line length."""
        name = f"records/{entity}.jsonl"
        member = self.members[name]
        if name in self._unchecked:  # a bug, never the package's fault
            raise RuntimeError(f"{name} was not checked and must not be read")
        with self._zip.open(name) as raw, io.BufferedReader(raw, CHUNK) as fh:  # type: ignore[type-var]
            reader: IO[bytes] = fh
            lineno = 0
            read = 0
            while True:
                line = reader.readline(MAX_LINE_BYTES + 1)
                if not line:
                    break
                read += len(line)
                if read > member.size:
                    raise _bad(f"{name} är större än innehållsförteckningen anger.")
                lineno += 1
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    raise _bad(
                        f"rad {lineno} i {name} är för lång (högst {MAX_LINE_BYTES // 1024**2} MB)."
                    )
                if not line.strip():
                    continue
                try:
                    yield lineno, fast_json.loads(line)  # exactly json.loads
                except (ValueError, RecursionError):
                    raise _bad(f"rad {lineno} i {name} är inte giltig JSON.") from None

    def copy_blob(self, sha256: str, dest: IO[bytes]) -> None:
        """Write the blob to `dest`, checking its size and hash on the way (the same
        refusals as `check_members`): the caller uses nothing of it on a refusal."""
        member = self.members[f"blobs/{sha256[:2]}/{sha256}"]
        h = hashlib.sha256()
        n = 0
        try:
            with self._zip.open(member.name) as fh:
                while chunk := fh.read(min(CHUNK, member.size - n + 1)):
                    n += len(chunk)
                    if n > member.size:
                        break
                    h.update(chunk)
                    dest.write(chunk)
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise _bad(f"filen ”{member.name[:80]}” är skadad.") from None
        if n != member.size:
            raise _bad(
                f"filen ”{member.name[:80]}” har en annan storlek än innehållsförteckningen."
            )
        if h.hexdigest() != sha256 or member.sha256 != sha256:
            raise _bad(f"filen ”{member.name[:80]}” har ändrats (kontrollsumman stämmer inte).")
