"""Signatures (Ed25519) and encryption (age), the building blocks of exchange and
certificates (DESIGN §5 and §6). No Qt, no SQLAlchemy.

- Ed25519 via `cryptography`: keys are raw 32-byte values, so they can be stored in
  `keys/` and put in a network file as they are. `verify` answers True or False; only
  malformed keys raise.
- age via `pyrage`: an identity is the `AGE-SECRET-KEY-1…` string, a recipient the
  `age1…` string (X25519), or a passphrase (scrypt). These functions take and return
  whole byte strings; streaming a large package (issue 5) can use
  `pyrage.encrypt_io`/`decrypt_io` with the same recipients and identities.

Everything a user can cause (a wrong key, a wrong passphrase, a damaged file) raises
`UserError` with a Swedish message; programming errors stay ordinary exceptions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from ..domain.errors import UserError

KEY_BYTES = 32
SIGNATURE_BYTES = 64
AGE_HEADER = b"age-encryption.org/v1\n"
FINGERPRINT_GROUPS = 8  # of 4 hex digits: 128 bits, enough to compare by eye


# --- Ed25519 signatures ---------------------------------------------------------


def generate_signing_key() -> bytes:
    """A new Ed25519 private key (32 raw bytes). Keep it secret."""
    return Ed25519PrivateKey.generate().private_bytes_raw()


def _private(private: bytes) -> Ed25519PrivateKey:
    if len(private) != KEY_BYTES:
        raise UserError("Signeringsnyckeln är skadad (fel längd).")
    return Ed25519PrivateKey.from_private_bytes(private)


def _public(public: bytes) -> Ed25519PublicKey:
    if len(public) != KEY_BYTES:
        raise UserError("Den publika nyckeln är skadad (fel längd).")
    try:
        return Ed25519PublicKey.from_public_bytes(public)
    except ValueError as exc:
        raise UserError("Den publika nyckeln är ogiltig.") from exc


def public_key(private: bytes) -> bytes:
    """The 32-byte public key that belongs to a private key."""
    return _private(private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(private: bytes, data: bytes) -> bytes:
    """A 64-byte Ed25519 signature over exactly these bytes."""
    return _private(private).sign(data)


def verify(public: bytes, data: bytes, signature: bytes) -> bool:
    """True if `signature` is `public`'s signature over exactly `data`."""
    key = _public(public)
    if len(signature) != SIGNATURE_BYTES:
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def fingerprint(public: bytes) -> str:
    """A short, readable fingerprint of a public key: SHA-256, first 128 bits, as
    eight groups of four hex digits (`3F2A 9C01 …`), to compare by eye or phone."""
    if len(public) != KEY_BYTES:
        raise UserError("Den publika nyckeln är skadad (fel längd).")
    digest = hashlib.sha256(public).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, 4 * FINGERPRINT_GROUPS, 4))


# --- age encryption -------------------------------------------------------------


def generate_identity() -> tuple[str, str]:
    """A new age X25519 identity: (secret `AGE-SECRET-KEY-1…`, recipient `age1…`)."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def recipient_of(identity: str) -> str:
    """The recipient (`age1…`) that belongs to a secret identity."""
    return str(_identity(identity).to_public())


def _identity(identity: str) -> x25519.Identity:
    try:
        return x25519.Identity.from_str(identity.strip())
    except pyrage.IdentityError as exc:
        raise UserError("Den hemliga krypteringsnyckeln är ogiltig.") from exc


def recipient_key(recipient: str) -> x25519.Recipient:
    """An `age1…` recipient, or a Swedish UserError when it is not a valid key."""
    try:
        return x25519.Recipient.from_str(recipient.strip())
    except pyrage.RecipientError as exc:
        raise UserError(
            f"Mottagarnyckeln ”{recipient[:24]}” är ogiltig (den ska börja med age1)."
        ) from exc


def _stanzas(data: bytes) -> list[str]:
    """The recipient types in an age header (`X25519`, `scrypt`, …); [] if not age."""
    if not data.startswith(AGE_HEADER):
        return []
    end = data.find(b"\n---", len(AGE_HEADER) - 1)
    header = data[: end if end >= 0 else 4096]
    return [
        line[3:].split(b" ", 1)[0].decode("ascii", "replace")
        for line in header.split(b"\n")
        if line.startswith(b"-> ")
    ]


def _not_age(data: bytes) -> UserError | None:
    if not _stanzas(data):
        return UserError("Filen är inte krypterad med age, eller så är början av den skadad.")
    return None


def encrypt(data: bytes, recipients: Sequence[str]) -> bytes:
    """Encrypt to one or more age recipients (`age1…`); any one of them can decrypt."""
    if isinstance(recipients, str):
        raise TypeError("recipients ska vara en lista med mottagare, inte en sträng")
    if not recipients:
        raise UserError("Välj minst en mottagare att kryptera till.")
    keys = [recipient_key(r) for r in recipients]
    try:
        return bytes(pyrage.encrypt(data, keys))
    except pyrage.EncryptError as exc:
        raise UserError(f"Krypteringen misslyckades: {exc}") from exc


def decrypt(data: bytes, identity: str) -> bytes:
    """Decrypt with a secret identity. A file that is not for this key, or damaged,
    raises UserError."""
    key = _identity(identity)
    problem = _not_age(data)
    if problem:
        raise problem
    if "scrypt" in _stanzas(data):
        raise UserError("Filen är skyddad med en lösenfras, inte krypterad till en nyckel.")
    try:
        return bytes(pyrage.decrypt(data, [key]))
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise UserError(
                "Filen är inte krypterad till den här installationens nyckel "
                "och kan inte öppnas här."
            ) from exc
        raise UserError("Filen kunde inte dekrypteras: den är skadad eller ofullständig.") from exc


def encrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    """Encrypt with a passphrase (age scrypt; takes about a second on purpose)."""
    if not passphrase:
        raise UserError("Lösenfrasen får inte vara tom.")
    try:
        return bytes(age_passphrase.encrypt(data, passphrase))
    except pyrage.EncryptError as exc:
        raise UserError(f"Krypteringen misslyckades: {exc}") from exc


def decrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    """Decrypt a passphrase-protected file; a wrong passphrase raises UserError."""
    if not passphrase:
        raise UserError("Skriv lösenfrasen.")
    problem = _not_age(data)
    if problem:
        raise problem
    if "scrypt" not in _stanzas(data):
        raise UserError(
            "Filen är krypterad till mottagarnas nycklar, inte med en lösenfras; "
            "den öppnas med nyckeln i stället."
        )
    try:
        return bytes(age_passphrase.decrypt(data, passphrase))
    except pyrage.DecryptError as exc:
        raise UserError(
            "Fel lösenfras, eller så är filen skadad. Kontrollera lösenfrasen och försök igen."
        ) from exc
