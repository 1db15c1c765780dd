"""This installation's own keys, kept under `keys/` in the data folder (DESIGN §5, §6).

- `signing.key`: the Ed25519 private key (32 raw bytes). It signs certificate QR
  payloads and package manifests.
- `age.key`: the age X25519 identity (`AGE-SECRET-KEY-1…`). Packages are encrypted to
  its recipient so the sender can always read its own exports.

Both are created once, written atomically with owner-only permissions, and never
leave the folder: only the public halves go into the database (installation row)
and into network files. A damaged key file is reported, never silently replaced,
because replacing it would orphan every package encrypted to the old identity.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import UserError
from ..storage.fsutil import publish
from . import crypto
from .files import os_error_text

SIGNING_FILE = "signing.key"
AGE_FILE = "age.key"


@dataclass(frozen=True)
class InstallationKeys:
    signing_private: bytes
    age_identity: str

    @property
    def signing_public(self) -> bytes:
        return crypto.public_key(self.signing_private)

    @property
    def signing_public_hex(self) -> str:
        return self.signing_public.hex()

    @property
    def fingerprint(self) -> str:
        return crypto.fingerprint(self.signing_public)

    @property
    def age_recipient(self) -> str:
        return crypto.recipient_of(self.age_identity)

    def sign(self, data: bytes) -> bytes:
        return crypto.sign(self.signing_private, data)


def _write_secret(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserError(
            f"Nyckelfilen {path.name} kunde inte sparas i {path.parent} ({os_error_text(exc)})."
        ) from None


def _damaged(path: Path) -> UserError:
    return UserError(
        f"Nyckelfilen {path} är skadad. Den har inte ändrats. Återställ mappen keys från "
        "en säkerhetskopia eller kontakta support; en ny nyckel skulle göra tidigare "
        "paket och intyg från den här datorn overifierbara."
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"Nyckelfilen {path} kunde inte läsas ({os_error_text(exc)}).") from None


def load_or_create(keys_dir: Path) -> InstallationKeys:
    """The installation's keys, created on first use. Damaged files raise UserError."""
    keys_dir.mkdir(parents=True, exist_ok=True)
    signing_path = keys_dir / SIGNING_FILE
    age_path = keys_dir / AGE_FILE
    if not signing_path.exists():
        _write_secret(signing_path, crypto.generate_signing_key())
    if not age_path.exists():
        identity, _recipient = crypto.generate_identity()
        _write_secret(age_path, identity.encode("ascii") + b"\n")
    signing = _read(signing_path)
    if len(signing) != crypto.KEY_BYTES:
        raise _damaged(signing_path)
    try:
        identity = _read(age_path).decode("ascii").strip()
        crypto.recipient_of(identity)
    except (UnicodeDecodeError, UserError):
        raise _damaged(age_path) from None
    return InstallationKeys(signing_private=signing, age_identity=identity)
