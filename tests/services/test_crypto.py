"""Ed25519 signatures and age encryption: round trips, tampering, wrong keys."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services import crypto

MESSAGE = "Modul Städ 1: Åsa Öberg har visat att hon väljer rätt rengöringsmedel.".encode()


@pytest.fixture(scope="module")
def locked() -> bytes:
    """One passphrase-encrypted message (scrypt takes about a second)."""
    return crypto.encrypt_with_passphrase(MESSAGE, "rätt lösenfras")


# --- Ed25519 -------------------------------------------------------------------


def test_sign_and_verify_round_trip() -> None:
    private = crypto.generate_signing_key()
    public = crypto.public_key(private)
    assert len(private) == len(public) == 32
    signature = crypto.sign(private, MESSAGE)
    assert len(signature) == 64
    assert crypto.verify(public, MESSAGE, signature) is True
    assert crypto.public_key(private) == public  # deterministic
    assert crypto.sign(private, MESSAGE) == signature  # Ed25519 is deterministic


@pytest.mark.parametrize(
    "tamper",
    [
        lambda m, s: (m + b" ", s),
        lambda m, s: (m.replace("Åsa".encode(), b"Asa"), s),
        lambda m, s: (m, bytes([s[0] ^ 1]) + s[1:]),
        lambda m, s: (m, s[:-1]),
        lambda m, s: (m, b""),
    ],
    ids=["appended", "changed-name", "flipped-signature-bit", "short-signature", "empty"],
)
def test_tampering_is_detected(tamper: Callable[[bytes, bytes], tuple[bytes, bytes]]) -> None:
    private = crypto.generate_signing_key()
    public = crypto.public_key(private)
    message, signature = tamper(MESSAGE, crypto.sign(private, MESSAGE))
    assert crypto.verify(public, message, signature) is False


def test_another_key_does_not_verify() -> None:
    signature = crypto.sign(crypto.generate_signing_key(), MESSAGE)
    other = crypto.public_key(crypto.generate_signing_key())
    assert crypto.verify(other, MESSAGE, signature) is False


def test_malformed_keys_give_swedish_errors() -> None:
    with pytest.raises(UserError, match="publika nyckeln är skadad"):
        crypto.verify(b"kort", MESSAGE, b"x" * 64)
    with pytest.raises(UserError, match="Signeringsnyckeln är skadad"):
        crypto.sign(b"x" * 31, MESSAGE)
    with pytest.raises(UserError, match="publika nyckeln är skadad"):
        crypto.fingerprint(b"")


def test_fingerprint_is_short_readable_and_stable() -> None:
    public = crypto.public_key(crypto.generate_signing_key())
    fp = crypto.fingerprint(public)
    assert re.fullmatch(r"([0-9A-F]{4} ){7}[0-9A-F]{4}", fp)
    assert crypto.fingerprint(public) == fp
    assert crypto.fingerprint(crypto.public_key(crypto.generate_signing_key())) != fp
    # SHA-256 of the raw key: a known value stays known.
    assert crypto.fingerprint(bytes(32)) == "6668 7AAD F862 BD77 6C8F C18B 8E9F 8E20"


# --- age: recipients ------------------------------------------------------------


def test_identity_strings() -> None:
    secret, recipient = crypto.generate_identity()
    assert secret.startswith("AGE-SECRET-KEY-1")
    assert recipient.startswith("age1")
    assert crypto.recipient_of(secret) == recipient
    assert crypto.recipient_of(f"  {secret}\n") == recipient  # as read from a file


def test_encrypt_to_recipients_round_trip() -> None:
    secret_a, recipient_a = crypto.generate_identity()
    secret_b, recipient_b = crypto.generate_identity()
    package = crypto.encrypt(MESSAGE, [recipient_a, recipient_b])
    assert package.startswith(b"age-encryption.org/v1\n")
    assert MESSAGE not in package
    assert crypto.decrypt(package, secret_a) == MESSAGE
    assert crypto.decrypt(package, secret_b) == MESSAGE
    assert crypto.decrypt(crypto.encrypt(b"", [recipient_a]), secret_a) == b""


def test_wrong_identity_is_refused_in_swedish() -> None:
    _, recipient = crypto.generate_identity()
    other_secret, _ = crypto.generate_identity()
    package = crypto.encrypt(MESSAGE, [recipient])
    with pytest.raises(UserError, match="inte krypterad till den här installationens nyckel"):
        crypto.decrypt(package, other_secret)


def test_tampered_or_truncated_ciphertext_is_refused() -> None:
    secret, recipient = crypto.generate_identity()
    package = bytearray(crypto.encrypt(MESSAGE, [recipient]))
    package[-5] ^= 0x01
    with pytest.raises(UserError, match="skadad"):
        crypto.decrypt(bytes(package), secret)
    with pytest.raises(UserError, match="skadad"):
        crypto.decrypt(bytes(package[:-20]), secret)


@pytest.mark.parametrize("data", [b"", b"inte age alls", b"\x00" * 100])
def test_not_age_data_is_refused(data: bytes) -> None:
    secret, _ = crypto.generate_identity()
    with pytest.raises(UserError, match="inte krypterad med age"):
        crypto.decrypt(data, secret)
    with pytest.raises(UserError, match="inte krypterad med age"):
        crypto.decrypt_with_passphrase(data, "lösen")


def test_bad_recipients_and_identities() -> None:
    with pytest.raises(UserError, match="Välj minst en mottagare"):
        crypto.encrypt(MESSAGE, [])
    with pytest.raises(UserError, match="ska börja med age1"):
        crypto.encrypt(MESSAGE, ["age1fel"])
    with pytest.raises(UserError, match="hemliga krypteringsnyckeln är ogiltig"):
        crypto.decrypt(b"age-encryption.org/v1\n", "AGE-SECRET-KEY-1FEL")
    with pytest.raises(TypeError):
        crypto.encrypt(MESSAGE, "age1…")


# --- age: passphrase ------------------------------------------------------------


def test_passphrase_round_trip(locked: bytes) -> None:
    assert MESSAGE not in locked
    assert crypto.decrypt_with_passphrase(locked, "rätt lösenfras") == MESSAGE


def test_wrong_passphrase_is_refused_in_swedish(locked: bytes) -> None:
    with pytest.raises(UserError, match="Fel lösenfras"):
        crypto.decrypt_with_passphrase(locked, "fel lösenfras")


def test_passphrase_and_key_files_are_not_mixed_up(locked: bytes) -> None:
    secret, recipient = crypto.generate_identity()
    with pytest.raises(UserError, match="skyddad med en lösenfras"):
        crypto.decrypt(locked, secret)
    with pytest.raises(UserError, match="öppnas med nyckeln"):
        crypto.decrypt_with_passphrase(crypto.encrypt(MESSAGE, [recipient]), "lösen")


def test_empty_passphrase_is_refused() -> None:
    with pytest.raises(UserError, match="Lösenfrasen får inte vara tom"):
        crypto.encrypt_with_passphrase(MESSAGE, "")
    with pytest.raises(UserError, match="Skriv lösenfrasen"):
        crypto.decrypt_with_passphrase(b"age-encryption.org/v1\n", "")
