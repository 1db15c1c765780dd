"""Per-entity compiled checks for the common, valid record (import speed, issue 11).

`validate_record` (services/exchange_schema.py) walks a plan of columns for every
record: a loop with tuple unpacking and several dict look-ups per value. For each
entity this module compiles once, from the same column rules, one straight-line
function that accepts only the plain valid case and returns the converted record
exactly as `validate_record` would build it; for anything else it returns None and
`validate_record` takes its usual, named-problem path. It therefore never accepts what
`validate_record` refuses (tests/services/test_record_fast.py compares both on
valid, mutated and hostile records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..storage.exchange_rows import ColumnSpec

FastCheck = Callable[[Any], dict[str, Any] | None]


def compile_check(
    entity: str,
    specs: tuple[ColumnSpec, ...],
    enums: dict[str, frozenset[str]],
    list_enums: dict[str, frozenset[str]],
) -> FastCheck:
    """A function: raw record → the converted record, or None (not the plain case).

    Mirrors the fast branches of `validate_record` column by column: text of the exact
    type within its length (and enumeration), integers of the exact type within 2**62,
    booleans, dates as ISO text, JSON as a list or an object (list enumerations item by
    item), None where the column allows it. Floats always go the slow way there, so
    they do here."""
    env: dict[str, Any] = {"_date": dt.date.fromisoformat}
    lines = [
        "def check(raw):",
        f"    if type(raw) is not dict or len(raw) != {len(specs)}:",
        "        return None",
        "    try:",
    ]
    for i, s in enumerate(specs):
        lines.append(f"        v{i} = raw[{s.name!r}]")
    lines += ["    except KeyError:", "        return None"]
    for i, s in enumerate(specs):
        v = f"v{i}"
        test: list[str] = []
        enum = enums.get(s.name)
        list_enum = list_enums.get(s.name)
        if enum is not None:
            env[f"E{i}"] = enum
        if list_enum is not None:
            env[f"L{i}"] = list_enum
        if s.kind == "str":
            test.append(f"type({v}) is not str")
            if s.max_length is not None:
                test.append(f"len({v}) > {s.max_length}")
            if enum is not None:
                test.append(f"{v} not in E{i}")
            if list_enum is not None:  # a list rule on a text column: the slow way
                test = ["True"]
        elif s.kind == "int":
            test.append(f"type({v}) is not int or abs({v}) > {2**62}")
            if enum is not None:
                test.append(f"{v} not in E{i}")
            if list_enum is not None:
                test = ["True"]
        elif s.kind == "bool":
            test.append(f"type({v}) is not bool")
            if enum is not None:
                test.append(f"{v} not in E{i}")
            if list_enum is not None:
                test = ["True"]
        elif s.kind == "json":
            if list_enum is not None:
                test.append(f"type({v}) is not list")
                test.append(f"not all(x in L{i} for x in {v})")
            else:
                test.append(f"type({v}) is not list and type({v}) is not dict")
            if enum is not None:
                test = ["True"]
        elif s.kind == "date":
            test.append(f"type({v}) is not str")
            if enum is not None or list_enum is not None or s.max_length is not None:
                test = ["True"]
        else:  # float, and any kind without a fast rule: the slow way
            test = ["True"]
        cond = " or ".join(test)
        none_ok = "True" if s.nullable else "False"
        lines.append(f"    if {v} is None:")
        lines.append(f"        if not {none_ok}:")
        lines.append("            return None")
        lines.append(f"    elif {cond}:")
        lines.append("        return None")
        if s.kind == "date":
            lines.append("    else:")
            lines.append("        try:")
            lines.append(f"            {v} = _date({v})")
            lines.append("        except ValueError:")
            lines.append("            return None")
    body = ", ".join(f"{s.name!r}: v{i}" for i, s in enumerate(specs))
    lines.append(f"    return {{{body}}}")
    exec("\n".join(lines), env)  # our own schema's column names only (repr-quoted)
    check: FastCheck = env["check"]
    check.__qualname__ = check.__name__ = f"check_{entity}"
    return check
