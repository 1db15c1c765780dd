"""UUIDv7 identifiers."""

from __future__ import annotations

import itertools
import time
import uuid

from handledare_app.domain.ids import is_valid_id, new_id


def test_new_id_is_canonical_uuid_text() -> None:
    value = new_id()
    assert len(value) == 36
    assert value == value.lower()
    assert str(uuid.UUID(value)) == value
    assert is_valid_id(value)


def test_new_id_has_version_7_and_rfc_variant() -> None:
    u = uuid.UUID(new_id())
    assert u.version == 7
    assert u.variant == uuid.RFC_4122
    assert (u.int >> 76) & 0xF == 7
    assert (u.int >> 62) & 0b11 == 0b10


def test_new_id_carries_the_current_unix_millisecond() -> None:
    before = time.time_ns() // 1_000_000
    u = uuid.UUID(new_id())
    after = time.time_ns() // 1_000_000
    ms = u.int >> 80
    # The sequence can push the timestamp a little ahead when many ids are made at once.
    assert before <= ms <= after + 50


def test_ten_thousand_ids_are_unique_and_strictly_increasing() -> None:
    ids = [new_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert all(a < b for a, b in itertools.pairwise(ids))
    assert all(uuid.UUID(i).version == 7 for i in ids)


def test_is_valid_id_rejects_non_canonical_text() -> None:
    good = new_id()
    assert not is_valid_id(good.upper())
    assert not is_valid_id(good.replace("-", ""))
    assert not is_valid_id("19811218-9876")
    assert not is_valid_id("")
