"""VC-JWT with EdDSA and `did:key` identifiers for Ed25519 keys (Open Badges 3.0 §8.2).

Pure functions, no database: base58btc (the Bitcoin alphabet), the `did:key` form of an
Ed25519 public key (multicodec 0xed 0x01 + key, base58btc, multibase prefix `z`), and
compact JWS signing/verification with `alg: EdDSA`. The JWT payload *is* the credential
(its members at the top level) plus the registered claims `iss`, `jti` and `nbf`.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from ..domain.errors import ValidationError
from . import crypto

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"
DID_KEY_PREFIX = "did:key:"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, rem = divmod(n, 58)
        out.append(B58_ALPHABET[rem])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        index = B58_ALPHABET.find(ch)
        if index < 0:
            raise ValueError(f"not base58: {ch!r}")
        n = n * 58 + index
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def did_key(public: bytes) -> str:
    """`did:key:z6Mk…` for a 32-byte Ed25519 public key."""
    if len(public) != crypto.KEY_BYTES:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return DID_KEY_PREFIX + "z" + b58encode(ED25519_MULTICODEC + public)


def did_key_id(did: str) -> str:
    """The verification method (`kid`) of a did:key: the DID, `#`, its own multibase value."""
    return f"{did}#{did.removeprefix(DID_KEY_PREFIX)}"


def public_key_of_did(did: str) -> bytes:
    """The Ed25519 key inside a did:key; ValidationError for anything else."""
    bad = ValidationError("Utfärdarens identitet (did:key) i det digitala intyget är ogiltig.")
    if not did.startswith(DID_KEY_PREFIX + "z"):
        raise bad
    try:
        raw = b58decode(did[len(DID_KEY_PREFIX) + 1 :])
    except ValueError:
        raise bad from None
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 2 + crypto.KEY_BYTES:
        raise bad
    return raw[2:]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or any(c not in _B64_CHARS for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _json_bytes(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign_jwt(header: dict[str, Any], payload: dict[str, Any], private: bytes) -> str:
    """A compact JWS (header.payload.signature) signed with Ed25519 (`alg: EdDSA`)."""
    signing_input = f"{_b64(_json_bytes(header))}.{_b64(_json_bytes(payload))}"
    return f"{signing_input}.{_b64(crypto.sign(private, signing_input.encode('ascii')))}"


@dataclass(frozen=True)
class ParsedJwt:
    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    def signature_valid(self, public: bytes) -> bool:
        return crypto.verify(public, self.signing_input, self.signature)


def parse_jwt(token: str) -> ParsedJwt:
    """Split and decode a compact JWS; ValidationError if it is not one."""
    bad = ValidationError("Filen innehåller inget läsbart digitalt intyg (VC-JWT).")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise bad
    try:
        header = json.loads(_unb64(parts[0]))
        payload = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except ValueError:
        raise bad from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise bad
    return ParsedJwt(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)
