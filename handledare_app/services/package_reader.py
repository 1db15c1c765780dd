"""Reading a decrypted package (services/package.py has the format, writing and the
envelope): the ZIP checked member by member before anything of it is used. Member names
are whitelisted; duplicates, links, directories and anything not in the manifest are
refused; every read is bounded by the size the manifest declares (a compression bomb
stops at that size plus one byte); the manifest's signature is verified. All problems
raise `PackageError` with a Swedish message."""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..storage import fast_json
from . import crypto
from .package import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_LINE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_TOTAL_BYTES,
    MEMBER_NAME,
    SIGNATURE,
    Cancelled,
    PackageError,
    Progress,
    bad_package,
)


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
            raise bad_package("innehållet är inte ett giltigt paket (skadad zip-fil).") from None
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
            raise bad_package("det innehåller orimligt många filer.")
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if "\\" in name:
                raise bad_package(f"filnamnet ”{name[:80]}” innehåller bakåtsnedstreck.")
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
                raise bad_package(f"filnamnet ”{name[:80]}” är en absolut sökväg.")
            if ".." in name.split("/"):
                raise bad_package(f"filnamnet ”{name[:80]}” pekar utanför paketet (..).")
            if name in seen:
                raise bad_package(f"filen ”{name[:80]}” finns två gånger.")
            seen.add(name)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise bad_package(f"”{name[:80]}” är en länk; länkar tillåts inte.")
            if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise bad_package(f"”{name[:80]}” är ingen vanlig fil.")
            m = MEMBER_NAME.match(name)
            if m is None:
                raise bad_package(f"filen ”{name[:80]}” hör inte hemma i ett paket.")
            if m.group(2) is not None and not m.group(3).startswith(m.group(2)):
                raise bad_package(f"filen ”{name[:80]}” ligger i fel mapp.")
            if info.file_size > MAX_MEMBER_BYTES:
                raise bad_package(f"filen ”{name[:80]}” är för stor.")
        if MANIFEST not in seen or SIGNATURE not in seen:
            raise bad_package("innehållsförteckningen eller dess signatur saknas.")

    def _read_small(self, name: str, limit: int) -> bytes:
        with self._zip.open(name) as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise bad_package(f"{name} är för stor.")
        return data

    def read_manifest(self) -> dict[str, Any]:
        try:
            self.manifest_bytes = self._read_small(MANIFEST, MAX_MANIFEST_BYTES)
            sig_text = self._read_small(SIGNATURE, 256).decode("ascii").strip()
            self.signature = bytes.fromhex(sig_text)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeDecodeError, ValueError, OSError):
            raise bad_package("innehållsförteckningen är skadad.") from None
        try:
            manifest = json.loads(self.manifest_bytes)
        except (ValueError, RecursionError):
            raise bad_package("innehållsförteckningen är inte giltig JSON.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise bad_package("det är inte ett paket från Handledarappen.")
        version = manifest.get("format_version")
        if not isinstance(version, int):
            raise bad_package("formatversionen saknas.")
        if version > FORMAT_VERSION:
            raise PackageError(
                f"Paketet har formatversion {version}, men den här versionen av "
                f"Handledarappen kan bara läsa version {FORMAT_VERSION}. Uppdatera appen "
                "och försök igen. Inget har ändrats."
            )
        origin = manifest.get("origin")
        if not isinstance(origin, dict) or not isinstance(origin.get("signing_public_key"), str):
            raise bad_package("avsändarens nyckel saknas i innehållsförteckningen.")
        members = manifest.get("members")
        if not isinstance(members, dict):
            raise bad_package("listan över filer saknas i innehållsförteckningen.")
        self.manifest = manifest
        return manifest

    def signer_key(self) -> bytes:
        try:
            key = bytes.fromhex(self.manifest["origin"]["signing_public_key"])
        except ValueError:
            raise bad_package("avsändarens nyckel är skadad.") from None
        if len(key) != crypto.KEY_BYTES:
            raise bad_package("avsändarens nyckel är skadad.")
        return key

    def verify_signature(self) -> None:
        if not crypto.verify(self.signer_key(), self.manifest_bytes, self.signature):
            raise bad_package(
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
                raise bad_package(f"filen ”{extra[0][:80]}” finns inte i innehållsförteckningen.")
            raise bad_package(f"filen ”{sorted(set(declared) - listed)[0][:80]}” saknas.")
        total = 0
        parsed: dict[str, Member] = {}
        for name, spec in declared.items():
            if not isinstance(spec, dict):
                raise bad_package("innehållsförteckningen är skadad.")
            size, digest = spec.get("size"), spec.get("sha256")
            if not isinstance(size, int) or size < 0 or not isinstance(digest, str):
                raise bad_package("innehållsförteckningen är skadad.")
            if actual[name].file_size != size:
                raise bad_package(
                    f"filen ”{name[:80]}” har en annan storlek än innehållsförteckningen."
                )
            total += size
            parsed[name] = Member(name, size, digest)
        if total > MAX_TOTAL_BYTES:
            raise bad_package("det är orimligt stort.")
        done = 0
        for member in parsed.values():
            if member.name.startswith("blobs/") and not member.name.endswith(member.sha256):
                raise bad_package(f"filen ”{member.name[:80]}” har fel namn.")
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
            self._read_checked(member)
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
                    raise bad_package(f"{name} är större än innehållsförteckningen anger.")
                lineno += 1
                if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                    raise bad_package(
                        f"rad {lineno} i {name} är för lång (högst {MAX_LINE_BYTES // 1024**2} MB)."
                    )
                if not line.strip():
                    continue
                try:
                    yield lineno, fast_json.loads(line)  # exactly json.loads
                except (ValueError, RecursionError):
                    raise bad_package(f"rad {lineno} i {name} är inte giltig JSON.") from None

    def copy_blob(self, sha256: str, dest: IO[bytes]) -> None:
        """Write the blob to `dest`, checking its size and hash on the way (the same
        refusals as `check_members`): the caller uses nothing of it on a refusal. An
        error writing `dest` (a full disk) is raised as it is."""
        member = self.members[f"blobs/{sha256[:2]}/{sha256}"]
        if member.sha256 != sha256:
            raise bad_package(
                f"filen ”{member.name[:80]}” har ändrats (kontrollsumman stämmer inte)."
            )
        self._read_checked(member, dest.write)

    def _read_checked(self, member: Member, sink: Callable[[bytes], object] | None = None) -> None:
        """Read `member` whole, never past its declared size, handing each piece to
        `sink`; refused when it cannot be read, has another size or another hash."""
        h = hashlib.sha256()
        n = 0
        damaged = (zipfile.BadZipFile, OSError, EOFError, ValueError)
        try:
            fh = self._zip.open(member.name)
        except damaged:
            raise bad_package(f"filen ”{member.name[:80]}” är skadad.") from None
        with fh:
            while True:
                try:
                    chunk = fh.read(min(CHUNK, member.size - n + 1))
                except damaged:
                    raise bad_package(f"filen ”{member.name[:80]}” är skadad.") from None
                n += len(chunk)
                if not chunk or n > member.size:
                    break
                h.update(chunk)
                if sink is not None:
                    sink(chunk)
        if n != member.size:
            raise bad_package(
                f"filen ”{member.name[:80]}” har en annan storlek än innehållsförteckningen."
            )
        if h.hexdigest() != member.sha256:
            raise bad_package(
                f"filen ”{member.name[:80]}” har ändrats (kontrollsumman stämmer inte)."
            )
