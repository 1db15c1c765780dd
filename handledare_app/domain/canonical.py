"""Canonical JSON for hashing: the same content gives the same bytes everywhere."""

from __future__ import annotations

import hashlib
import json
from typing import Any

# One encoder for every call (json.dumps with options builds a new one each time).
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


def canonical_text(value: Any) -> str:
    """`canonical_json` as text (the bytes are its UTF-8)."""
    return _ENCODER.encode(value)


def canonical_json(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    return sha256_hex(canonical_json(value))
