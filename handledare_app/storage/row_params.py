"""One compiled function per table: a row → the INSERT's parameters (import speed).

`exchange_writes._insert_plain` converted each row in a loop over the table's columns;
this builds, once per table, the same conversion as one straight-line expression:
JSON columns as json.dumps text (the text SQLAlchemy's JSON type writes, which the lock
triggers compare; `db_json_text` gives exactly that text), dates as ISO text, a column the row does not name as its default.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any

try:
    from _json import make_encoder as _c_make_encoder  # what json.encoder uses
except ImportError:  # pragma: no cover - CPython always has the C encoder
    _c_make_encoder = None  # type: ignore[assignment, misc]


def _json_dumps() -> Callable[[Any], str]:
    """`json.dumps` with its defaults, without building a new encoder for every value:
    the same C encoder, made once (as json.dumps makes it on each call), without the
    circular-reference check (rows hold parsed JSON or plain values, never cycles)."""
    if _c_make_encoder is None:  # pragma: no cover
        return json.dumps
    encoder = json.JSONEncoder()
    make = _c_make_encoder(
        None,
        encoder.default,
        json.encoder.encode_basestring_ascii,
        None,
        encoder.key_separator,
        encoder.item_separator,
        False,
        False,
        True,
    )
    join = "".join

    def dumps(value: Any) -> str:
        if type(value) is str:  # as JSONEncoder.encode does for a bare string
            return json.encoder.encode_basestring_ascii(value)
        return join(make(value, 0))

    return dumps


db_json_text = _json_dumps()

InsertParams = Callable[[dict[str, Any]], tuple[Any, ...]]


@cache
def insert_params(plan: tuple[tuple[str, Any, str], ...]) -> InsertParams:
    """One row → the INSERT's parameters, for a table's (name, default, kind) plan
    (storage/exchange_writes.py `_insert_plan`): JSON columns as json.dumps text, dates
    as ISO text, a column the row does not name as its default."""
    env: dict[str, Any] = {"_dumps": db_json_text, "_date": dt.date}
    items: list[str] = []
    for i, (name, default, kind) in enumerate(plan):
        env[f"D{i}"] = default
        get = f"row.get({name!r}, D{i})"
        if kind == "json":
            items.append(f"(None if (v{i} := {get}) is None else _dumps(v{i}))")
        elif kind == "date":
            items.append(f"(v{i}.isoformat() if isinstance((v{i} := {get}), _date) else v{i})")
        else:
            items.append(get)
    source = f"def params(row):\n    return ({', '.join(items)},)\n"
    exec(source, env)  # our own schema's column names only (repr-quoted)
    params: InsertParams = env["params"]
    return params
