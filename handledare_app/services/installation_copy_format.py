"""The `.hkopia` file format's shared pieces (see `installation_copy` for the layout):
its constants and member names, the passphrase rules, the key block (a one-time age
X25519 identity sealed with scrypt and ChaCha20-Poly1305 under the user's passphrase),
and the byte counter that reports progress and honours Avbryt while writing or reading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pyrage import x25519

from ..domain.errors import UserError

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

BLOB_RE = re.compile(r"^blobs/([0-9a-f]{2})/([0-9a-f]{64})$")
KEY_RE = re.compile(r"^keys/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

Progress = Callable[[int, int], object]  # a return value (Avbryt asked?) is ignored
Cancelled = Callable[[], bool]


class CopyCancelled(UserError):
    """The user pressed Avbryt; nothing was left behind."""

    def __init__(self) -> None:
        super().__init__("Avbrutet. Ingen kopia skrevs.")


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


# --- the key block ----------------------------------------------------------------


def _derive(passphrase: str, salt: bytes, log_n: int) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=2**log_n, r=8, p=1)
    return kdf.derive(passphrase.encode("utf-8"))


def wrap_identity(identity: x25519.Identity, passphrase: str) -> bytes:
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key = _derive(passphrase, salt, SCRYPT_LOG_N)
    sealed = ChaCha20Poly1305(key).encrypt(nonce, str(identity).encode("ascii"), MAGIC)
    return KEY_BLOCK_TAG + bytes([SCRYPT_LOG_N]) + salt + nonce + sealed


def unwrap_identity(block: bytes, passphrase: str) -> x25519.Identity:
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


# --- progress ----------------------------------------------------------------------


@dataclass
class ProgressCounter:
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
