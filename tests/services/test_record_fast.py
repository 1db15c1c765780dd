"""The compiled record checks (issue 11 item 5) accept only what the plain column walk
accepts, and build exactly the same record; the compiled insert parameters equal the
column loop's."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest

from handledare_app.services import exchange_schema as schema
from handledare_app.storage import exchange_rows, exchange_writes, row_params

ENTITIES = list(exchange_rows.MODELS_BY_ENTITY)


def _valid(entity: str, rnd: random.Random) -> dict[str, Any]:
    """A record each column of which takes its plain valid form."""
    out: dict[str, Any] = {}
    for s in schema.columns(entity):
        enum = schema.ENUMS.get((entity, s.name))
        list_enum = schema.LIST_ENUMS.get((entity, s.name))
        if s.nullable and rnd.random() < 0.2:
            out[s.name] = None
        elif enum is not None:
            out[s.name] = rnd.choice(sorted(enum))
        elif list_enum is not None:
            out[s.name] = rnd.sample(sorted(list_enum), k=min(2, len(list_enum)))
        elif s.kind == "str":
            out[s.name] = "ä" * rnd.randrange(1, min(s.max_length or 50, 50) + 1)
        elif s.kind == "int":
            out[s.name] = rnd.choice([0, 7, -3, 2**62])
        elif s.kind == "float":
            out[s.name] = rnd.choice([0.5, 2, 1.0])
        elif s.kind == "bool":
            out[s.name] = rnd.random() < 0.5
        elif s.kind == "date":
            out[s.name] = "2027-03-14"
        else:
            out[s.name] = rnd.choice([{}, [], {"a": 1}, ["x"]])
    return out


BAD_VALUES: list[Any] = [
    None,
    "",
    "x" * 5000,
    "nej",
    0,
    -1,
    2**62 + 1,
    -(2**63),
    1.5,
    float("nan"),
    True,
    False,
    "2027-02-30",
    "20270314",
    [],
    ["okänd"],
    [["nested"]],
    {},
    {"a": 1},
    dt.date(2027, 3, 14),
]


def _reference(entity: str, raw: Any) -> tuple[str, Any]:
    try:
        return "ok", schema._validate_columns(entity, raw)
    except schema.RecordProblem as exc:
        return "problem", exc.message
    except TypeError as exc:  # e.g. an unhashable item in a list enumeration
        return "type-error", str(exc)


@pytest.mark.parametrize("entity", ENTITIES)
def test_fast_check_accepts_only_what_the_column_walk_accepts(entity: str) -> None:
    rnd = random.Random(entity)
    check = schema._fast_check(entity)
    names = [s.name for s in schema.columns(entity)]
    accepted = 0
    for _ in range(30):
        base = _valid(entity, rnd)
        variants: list[Any] = [base, {**base, "extra": 1}, list(base.values()), None]
        variants.append({k: v for k, v in base.items() if k != names[-1]})
        for name in names:
            for bad in BAD_VALUES:
                variants.append({**base, name: bad})
        for raw in variants:
            try:
                fast = check(raw)
            except TypeError as exc:
                assert _reference(entity, raw) == ("type-error", str(exc))
                continue
            if fast is None:
                continue  # validate_record then takes the column walk itself
            accepted += 1
            ref = _reference(entity, raw)
            assert ref[0] == "ok", (raw, ref)
            assert list(fast.items()) == list(ref[1].items())  # same values, same order
            assert [type(v) for v in fast.values()] == [type(v) for v in ref[1].values()]
    if any(s.kind == "float" and not s.nullable for s in schema.columns(entity)):
        assert accepted == 0  # floats always take the column walk (few such records)
    else:
        assert accepted >= 30  # the plain valid records do take the compiled path


def test_validate_record_refuses_as_before() -> None:
    rnd = random.Random(3)
    raw = _valid("evidence", rnd)
    raw.update(id="", hlc="1767225600000-00000-x", vv={"x": 1}, field_clock={})
    with pytest.raises(schema.RecordProblem, match="fältet id är ogiltigt"):
        schema.validate_record("evidence", raw)
    raw["id"] = "e1"
    assert schema.validate_record("evidence", raw)["id"] == "e1"
    for bad_vv in ({"x": -1}, {"x": True}, {"x": 1.0}, [], {"x": 2**70 * -1}):
        with pytest.raises(schema.RecordProblem, match="fältet vv är ogiltigt"):
            schema.validate_record("evidence", {**raw, "vv": bad_vv})
    assert schema.validate_record("evidence", {**raw, "vv": {"x": 2**70}})["vv"] == {"x": 2**70}
    with pytest.raises(schema.RecordProblem, match="fältet type har det okända värdet"):
        schema.validate_record("evidence", {**raw, "type": "gissning"})


def _loop_params(plan: list[tuple[str, Any, str]], row: dict[str, Any]) -> tuple[Any, ...]:
    """The column loop `_insert_plain` had before it was compiled."""
    values = []
    for name, default, kind in plan:
        v = row.get(name, default)
        if kind and v is not None:
            if kind == "json":
                v = json.dumps(v)
            elif isinstance(v, dt.date):
                v = v.isoformat()
        values.append(v)
    return tuple(values)


@pytest.mark.parametrize("entity", ENTITIES)
def test_compiled_insert_parameters_equal_the_column_loop(entity: str) -> None:
    rnd = random.Random(entity)
    table = exchange_rows.MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    _names, plan = exchange_writes._insert_plan(table)
    params = row_params.insert_params(tuple(plan))
    for _ in range(20):
        row = _valid(entity, rnd)
        row["vv"] = {"ä": 1, "b": [1.5, None, "\u2028"]}
        row["field_clock"] = {k: "1767225600000-00000-x" for k in row}
        for s in schema.columns(entity):
            if s.kind == "date" and row.get(s.name) is not None:
                row[s.name] = dt.date(2027, 3, 14)
        if rnd.random() < 0.3:
            row.pop(plan[rnd.randrange(len(plan))][0])  # a column the row does not name
        assert params(row) == _loop_params(plan, row)


def test_db_json_text_is_json_dumps() -> None:
    for value in ({"a": [1, 2.5, None, True, 'ä"\\']}, "x", 1, 1.5, None, [], {}, {"z": {"a": 1}}):
        assert row_params.db_json_text(value) == json.dumps(value)
