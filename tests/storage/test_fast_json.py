"""orjson is used only where it gives exactly what the json module gives (issue 11):
the same values parsed, the same canonical text and hashes as domain/canonical.py."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest

from handledare_app.domain import canonical as reference
from handledare_app.storage import fast_json

_REFERENCE = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


def _outcome(f: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", f(value)
    except (ValueError, TypeError, RecursionError) as exc:
        return "error", type(exc).__name__


def test_every_code_point_is_encoded_as_json_does() -> None:
    # Text in blocks (one call per 4096 code points keeps the test fast).
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(points), 4096):
        text = "".join(map(chr, points[i : i + 4096]))
        value = {text[:8]: text, "k": [text[::-1]]}
        assert fast_json.canonical_text(value) == _REFERENCE.encode(value)


def test_values_orjson_writes_differently_go_to_json() -> None:
    for value in (
        {"x": 1e-05, "y": 1e16, "z": 0.1},  # floats: written differently by orjson
        {"big": 2**64, "neg": -(2**63) - 1},  # outside 64 bits: orjson refuses
        {"k": "\ud800"},  # a lone surrogate
        {1: "a"},  # a key that is not text
        [(1, 2), {"a": None, "b": True}],
    ):
        assert _outcome(fast_json.canonical_text, value) == _outcome(_REFERENCE.encode, value)
    # json refuses dates and NaN, so the canonical text must too (orjson would accept)
    for bad in ({"d": dt.date(2027, 3, 14)}, {"n": float("nan")}):
        with pytest.raises((TypeError, ValueError)):
            fast_json.canonical_text(bad)


def test_random_nested_values_encode_as_json_does() -> None:
    rnd = random.Random(11)

    def value(depth: int) -> Any:
        kind = rnd.randrange(9 if depth < 3 else 6)
        if kind == 0:
            return rnd.choice([None, True, False])
        if kind == 1:
            return rnd.choice([0, -1, 2**62, 2**63 - 1, 2**64 - 1, 2**64, -(2**63)])
        if kind == 2:
            return rnd.choice([0.5, 1e-7, 3.0, -2.5e20])
        if kind in (3, 4, 5):
            return "".join(
                chr(rnd.choice([9, 10, 34, 92, 127, 0xE4, 0x2028, 0x1F600, 65]))
                for _ in range(rnd.randrange(6))
            )
        if kind in (6, 7):
            return {str(value(3)): value(depth + 1) for _ in range(rnd.randrange(4))}
        return [value(depth + 1) for _ in range(rnd.randrange(4))]

    for _ in range(3000):
        v = value(0)
        assert _outcome(fast_json.canonical_text, v) == _outcome(_REFERENCE.encode, v)
        assert _outcome(fast_json.content_hash, v) == _outcome(reference.content_hash, v)


@pytest.mark.parametrize(
    "line",
    [
        b'{"a": 1, "a": 2}',
        b"[NaN, Infinity, -Infinity]",
        b"[1e400]",
        b'"\\ud800"',
        b'"\xed\xa0\x80"',
        b"\xef\xbb\xbf{}",
        b"[12345678901234567890]",
        b'{"vv": {"x": -9223372036854775809}}',
        b"[18446744073709551615, 9223372036854775807, -9223372036854775808]",
        b'"a\x01b"',
        b"[1,]",
        b"01",
        b'{"t": "\\u00e4", "n": -0, "f": -0.0}',
    ],
)
def test_loads_gives_what_json_loads_gives(line: bytes) -> None:
    ours, theirs = _outcome(fast_json.loads, line), _outcome(json.loads, line)
    assert ours[0] == theirs[0]
    if ours[0] == "ok":
        assert repr(ours[1]) == repr(theirs[1])  # ints stay ints, -0.0 stays -0.0


def test_loads_on_mutated_lines_never_accepts_differently() -> None:
    rnd = random.Random(5)
    base = json.dumps(
        {"id": "0193", "n": [1, 2.5, -3e-7, True, None], "s": 'ä"\\\n', "d": {"x": {}}},
        ensure_ascii=False,
    ).encode()
    alphabet = b'{}[]",:\\0123456789.eE+-tfnrlsua \t\n\x00\x7f\xff\xc3\xa4\xed\xa0\x80'
    for _ in range(20_000):
        b = bytearray(base)
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(b) + 1)
            ch = alphabet[rnd.randrange(len(alphabet))]
            if rnd.random() < 0.5 and i < len(b):
                b[i] = ch
            else:
                b.insert(i, ch)
        ours, theirs = _outcome(fast_json.loads, bytes(b)), _outcome(json.loads, bytes(b))
        assert ours[0] == theirs[0]
        if ours[0] == "ok":
            assert repr(ours[1]) == repr(theirs[1])
