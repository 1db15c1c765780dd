"""Canonical JSON: the same content gives the same bytes."""

from __future__ import annotations

import hashlib
import math

import pytest

from handledare_app.domain.canonical import canonical_json, content_hash, sha256_hex


def test_key_order_does_not_matter() -> None:
    a = {"b": 1, "a": {"y": [1, 2], "x": None}}
    b = {"a": {"x": None, "y": [1, 2]}, "b": 1}
    assert canonical_json(a) == canonical_json(b)
    assert content_hash(a) == content_hash(b)


def test_compact_sorted_output() -> None:
    assert canonical_json({"b": 1, "a": [True, None, 1.5]}) == b'{"a":[true,null,1.5],"b":1}'


def test_unicode_is_written_as_utf8_not_escaped() -> None:
    out = canonical_json({"namn": "Åsa Öberg", "ort": "Gävle"})
    assert out == '{"namn":"Åsa Öberg","ort":"Gävle"}'.encode()
    assert b"\\u" not in out


def test_list_order_is_kept() -> None:
    assert canonical_json([2, 1]) != canonical_json([1, 2])


def test_hash_is_sha256_of_canonical_bytes() -> None:
    value = {"ö": 1, "a": "ä"}
    expected = hashlib.sha256('{"a":"ä","ö":1}'.encode()).hexdigest()
    assert content_hash(value) == expected
    assert sha256_hex(b"") == hashlib.sha256(b"").hexdigest()


def test_nan_is_refused() -> None:
    with pytest.raises(ValueError):
        canonical_json({"x": math.nan})
