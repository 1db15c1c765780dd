"""Checks of a catalogue's fields, shared by files and the editor; every problem in Swedish."""

from __future__ import annotations

import re
from typing import Any

from .catalogue_spec import CriterionSpec, ModuleSpec, OutcomeSpec

AREA_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
CATALOGUE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_MODULE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


class Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)


TOP_KEYS = {
    "format",
    "format_version",
    "catalogue_id",
    "name",
    "version",
    "published",
    "publisher",
    "description",
    "hours_per_point",
    "business_areas",
}
AREA_KEYS = {"code", "name", "description", "modules"}
_MODULE_KEYS = {
    "code",
    "version",
    "title",
    "description",
    "seqf_level",
    "ocn_level",
    "points",
    "outcomes",
}
_OUTCOME_KEYS = {"number", "text", "criteria"}
_CRITERION_KEYS = {"number", "text"}


def unknown_keys(c: Collector, where: str, obj: dict[str, Any], allowed: set[str]) -> None:
    for key in sorted(set(obj) - allowed):
        c.add(where, f"okänt fält ”{key}” (felstavat?)")


def text_field(
    c: Collector,
    where: str,
    obj: dict[str, Any],
    key: str,
    *,
    required: bool = True,
    max_len: int = 200,
) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            c.add(where, f"fältet ”{key}” saknas")
        return ""
    if not isinstance(value, str):
        c.add(where, f"fältet ”{key}” ska vara text")
        return ""
    value = value.strip()
    if required and not value:
        c.add(where, f"fältet ”{key}” är tomt")
    elif len(value) > max_len:
        c.add(where, f"fältet ”{key}” är för långt (högst {max_len} tecken)")
    return value


def int_field(
    c: Collector, where: str, obj: dict[str, Any], key: str, lo: int, hi: int, *, required: bool
) -> int | None:
    value = obj.get(key)
    if value is None:
        if required:
            c.add(where, f"fältet ”{key}” saknas")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        c.add(where, f"fältet ”{key}” ska vara ett heltal, inte {value!r}")
        return None
    if not lo <= value <= hi:
        c.add(where, f"fältet ”{key}” är {value}, men ska vara mellan {lo} och {hi}")
        return None
    return value


def list_field(c: Collector, where: str, obj: dict[str, Any], key: str, what: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        c.add(where, f"fältet ”{key}” saknas")
        return []
    if not isinstance(value, list):
        c.add(where, f"fältet ”{key}” ska vara en lista")
        return []
    if not value:
        c.add(where, f"har inga {what}")
    return value


def parse_module(
    c: Collector, where: str, raw: Any, seen: dict[str, str], area_code: str
) -> ModuleSpec | None:
    if not isinstance(raw, dict):
        c.add(where, "ska vara ett objekt")
        return None
    before = len(c.errors)
    code = text_field(c, where, raw, "code", max_len=32)
    if code:
        where = f"Modul {code}"
        if not _MODULE_CODE.match(code):
            c.add(where, "modulkoden får bara innehålla A–Z, 0–9 och bindestreck")
        if code in seen:
            c.add(where, f"modulkoden finns redan i filen (även under ”{seen[code]}”)")
        seen[code] = area_code
    unknown_keys(c, where, raw, _MODULE_KEYS)
    version = int_field(c, where, raw, "version", 1, 10_000, required=True)
    title = text_field(c, where, raw, "title")
    description = text_field(c, where, raw, "description", required=False, max_len=4000)
    seqf = int_field(c, where, raw, "seqf_level", 1, 8, required=True)
    ocn = int_field(c, where, raw, "ocn_level", 1, 3, required=False)
    points = _points(c, where, raw)
    outcomes: list[OutcomeSpec] = []
    for oi, out_raw in enumerate(list_field(c, where, raw, "outcomes", "läranderesultat"), start=1):
        owhere = f"{where}, läranderesultat {oi}"
        if not isinstance(out_raw, dict):
            c.add(owhere, "ska vara ett objekt")
            continue
        unknown_keys(c, owhere, out_raw, _OUTCOME_KEYS)
        number = out_raw.get("number")
        if number != oi:
            c.add(owhere, f"numret ska vara {oi}, inte {number!r} (numrera 1, 2, 3 … i ordning)")
        otext = text_field(c, owhere, out_raw, "text", max_len=500)
        criteria: list[CriterionSpec] = []
        for ci, cr_raw in enumerate(
            list_field(c, owhere, out_raw, "criteria", "bedömningskriterier"), start=1
        ):
            expected = f"{oi}.{ci}"
            cwhere = f"{where}, kriterium {expected}"
            if not isinstance(cr_raw, dict):
                c.add(cwhere, "ska vara ett objekt")
                continue
            unknown_keys(c, cwhere, cr_raw, _CRITERION_KEYS)
            cnum = cr_raw.get("number")
            if cnum != expected:
                c.add(cwhere, f"numret ska vara ”{expected}”, inte {cnum!r}")
            ctext = text_field(c, cwhere, cr_raw, "text", max_len=500)
            criteria.append(CriterionSpec(expected, ctext))
        if len(criteria) > 12:
            c.add(owhere, "har fler än 12 bedömningskriterier")
        outcomes.append(OutcomeSpec(oi, otext, tuple(criteria)))
    if len(outcomes) > 10:
        c.add(where, "har fler än 10 läranderesultat")
    if len(c.errors) > before or version is None or seqf is None or points is None:
        return None
    return ModuleSpec(code, version, title, description, seqf, ocn, points, tuple(outcomes))


def _points(c: Collector, where: str, raw: dict[str, Any]) -> float | None:
    value = raw.get("points")
    if value is None:
        c.add(where, "fältet ”points” saknas")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        c.add(where, f"”points” ska vara ett tal, inte {value!r}")
        return None
    if not 0 < value <= 60:
        c.add(where, f"”points” är {value}, men ska vara större än 0 och högst 60")
        return None
    if round(value * 10) != value * 10:
        c.add(where, f"”points” får ha högst en decimal ({value})")
        return None
    return float(value)
