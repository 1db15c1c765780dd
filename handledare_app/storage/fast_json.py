"""JSON through orjson where it gives exactly what the json module gives, else json.

(In storage/, not domain/: the domain layer uses the standard library only. The
canonical functions here give exactly domain/canonical.py's results.)

Import speed (issue 11): parsing a package's records and encoding the audit log's
canonical JSON were the two largest costs per record. orjson is several times faster,
but differs from the json module in a few places, so it is used only where its result
is the same by construction, and the json module decides everything else:

- Parsing: orjson rejects what json accepts in some corners (NaN and Infinity, lone
  surrogates, a byte order mark), so a line orjson refuses goes to json, which accepts
  or refuses it exactly as before. The one place where orjson *accepts* differently is an
  integer outside 64 bits (it gives a float); a line holding a run of 19 or more digits
  anywhere therefore goes to json too.
- Canonical encoding (sorted keys, compact, UTF-8 text): identical for text, booleans,
  None, integers and nested lists and dicts with text keys (every code point checked in
  tests/storage/test_fast_json.py); floats are written differently (1e-05 vs 0.00001)
  and dates would be accepted where json refuses, so any value holding anything but
  those exact types is encoded by json.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import orjson

from ..domain import canonical

# Every digit made "0" and everything else a space: a run of 19 digits is then found
# by a plain substring search (a regular expression is several times slower here).
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= c <= 0x39 else 0x20 for c in range(256))
_NINETEEN = b"0" * 19
_PLAIN_SCALARS = frozenset({str, int, bool, type(None)})
_CONTAINERS = (dict, list, tuple)
_SORTED = orjson.OPT_SORT_KEYS


def loads(data: bytes) -> Any:
    """`json.loads(data)`: the same value, or the same error (a ValueError)."""
    if _NINETEEN not in data.translate(_DIGITS_AS_ZERO):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)


def plain(value: Any) -> bool:
    """Only text, integers, booleans, None, and lists, tuples and dicts of those (dict
    keys are checked by the encoder): what orjson encodes exactly as json does."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if kind is dict:
        items: Any = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return False
    kinds = set(map(type, items))
    if kinds <= _PLAIN_SCALARS:
        return True
    if not kinds <= _PLAIN_SCALARS | {dict, list, tuple}:
        return False
    return all(plain(v) for v in items if isinstance(v, _CONTAINERS))


def canonical_encoders(
    slow: Callable[[Any], str],
) -> tuple[Callable[[Any], str], Callable[[Any], bytes]]:
    """Encoders giving exactly `slow(value)`, as text and as its UTF-8 (`slow`: a
    canonical json encoder: sorted keys, compact separators, no ASCII escaping, no
    NaN), faster for plain values."""
    dumps = orjson.dumps

    def fast(value: Any) -> bytes | None:
        if plain(value):
            try:
                return dumps(value, option=_SORTED)
            except TypeError:  # an integer outside 64 bits, a lone surrogate, a key not text
                pass
        return None

    def text(value: Any) -> str:
        out = fast(value)
        return slow(value) if out is None else out.decode()

    def utf8(value: Any) -> bytes:
        out = fast(value)
        return slow(value).encode("utf-8") if out is None else out

    return text, utf8


_canonical_text, _canonical_utf8 = canonical_encoders(canonical.canonical_text)


def canonical_text(value: Any) -> str:
    """Exactly `domain.canonical.canonical_text(value)`, faster for plain values."""
    return _canonical_text(value)


def content_hash(value: Any) -> str:
    """Exactly `domain.canonical.content_hash(value)`, faster for plain values."""
    return hashlib.sha256(_canonical_utf8(value)).hexdigest()
