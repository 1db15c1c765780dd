"""parse_placement's one-pass path gives what the strict path gives, and leaves every
record the strict path refuses (or doubts) to it."""

from __future__ import annotations

import random
from typing import Any

import pytest

from handledare_app.domain import followup_records as fr
from handledare_app.domain.enums import PlacementOutcome, PlacementType, Referrer, StartStatus


def record(rng: random.Random) -> dict[str, Any]:
    ends = rng.random() < 0.6
    return {
        "id": f"x{rng.randrange(10**6)}",
        "participant_id": f"p{rng.randrange(10**6)}",
        "type": rng.choice(list(PlacementType)).value,
        "referrer": rng.choice(list(Referrer)).value,
        "start_status": rng.choice([None, *(s.value for s in StartStatus)]),
        "start": f"2025-0{rng.randint(1, 6)}-1{rng.randint(0, 9)}",
        "end": f"2025-1{rng.randint(0, 2)}-0{rng.randint(1, 9)}" if ends else None,
        "wage_subsidy": rng.random() < 0.3,
        "exit_code": rng.choice(list(PlacementOutcome)).value if ends else None,
    }


BAD_VALUES: list[Any] = [None, "", "x" * 65, 1, True, 1.5, [], {}, "2025-13-01", "okänd", "ja"]


def outcome(fn: Any, raw: Any) -> Any:
    try:
        return fn(raw, "c:")
    except fr.RecordError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("seed", range(3))
def test_fast_and_strict_agree_on_valid_and_broken_records(seed: int) -> None:
    rng = random.Random(seed)
    fast_used = 0
    for _ in range(300):
        raw = record(rng)
        if rng.random() < 0.7:
            key = rng.choice(sorted(raw))
            raw[key] = rng.choice(BAD_VALUES)
        if rng.random() < 0.05:
            raw["extra"] = 1
        if rng.random() < 0.05:
            raw.pop("end")
        strict = outcome(fr._strict_placement, raw)
        fast = fr._fast_placement(raw, "c:")
        if fast is not None:
            fast_used += 1
            assert fast == strict, raw
        assert outcome(fr.parse_placement, raw) == strict, raw
    assert fast_used > 50


def test_end_before_start_is_refused_by_both() -> None:
    raw = record(random.Random(1))
    raw.update(
        start="2025-06-01", end="2025-05-31", exit_code=PlacementOutcome.WORK_UNSUBSIDISED.value
    )
    assert fr._fast_placement(raw, "") is None
    with pytest.raises(fr.RecordError, match="slutar före"):
        fr.parse_placement(raw)
