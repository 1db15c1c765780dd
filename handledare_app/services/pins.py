"""PINs are stored with a slow salted hash (scrypt); never in clear, never in logs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# n=2**14, r=8: ~50 ms per check on a laptop; slows guessing of short PINs.
_N, _R, _P = 2**14, 8, 1


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    salt_b64 = base64.b64encode(salt).decode()
    return f"scrypt${_N}${_R}${_P}${salt_b64}${base64.b64encode(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        got = hashlib.scrypt(
            pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)
