"""Criteria catalogue: dataclasses, parsing and full validation.

Validation collects *every* problem with its place, in Swedish, so a catalogue
author can fix a file in one round. Format: resurser/katalog/FORMAT.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from .canonical import content_hash
from .errors import ValidationError

FORMAT_NAME = "handledarappen-katalog"
FORMAT_VERSION = 1

_AREA_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
_CATALOGUE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_MODULE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


@dataclass(frozen=True)
class CriterionSpec:
    number: str
    text: str


@dataclass(frozen=True)
class OutcomeSpec:
    number: int
    text: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class ModuleSpec:
    code: str
    version: int
    title: str
    description: str
    seqf_level: int
    ocn_level: int | None
    points: float
    outcomes: tuple[OutcomeSpec, ...]

    def content(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "description": self.description,
            "seqf_level": self.seqf_level,
            "ocn_level": self.ocn_level,
            "points": self.points,
            "outcomes": [
                {
                    "number": o.number,
                    "text": o.text,
                    "criteria": [{"number": c.number, "text": c.text} for c in o.criteria],
                }
                for o in self.outcomes
            ],
        }

    def content_hash(self) -> str:
        return content_hash(self.content())


@dataclass(frozen=True)
class BusinessAreaSpec:
    code: str
    name: str
    description: str
    modules: tuple[ModuleSpec, ...]


@dataclass(frozen=True)
class CatalogueSpec:
    catalogue_id: str
    name: str
    version: str
    published: str | None
    publisher: str
    description: str
    hours_per_point: int
    business_areas: tuple[BusinessAreaSpec, ...]

    @property
    def modules(self) -> list[tuple[BusinessAreaSpec, ModuleSpec]]:
        return [(a, m) for a in self.business_areas for m in a.modules]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "catalogue_id": self.catalogue_id,
            "name": self.name,
            "version": self.version,
        }
        if self.published:
            out["published"] = self.published
        if self.publisher:
            out["publisher"] = self.publisher
        if self.description:
            out["description"] = self.description
        out["hours_per_point"] = self.hours_per_point
        out["business_areas"] = []
        for area in self.business_areas:
            a: dict[str, Any] = {"code": area.code, "name": area.name}
            if area.description:
                a["description"] = area.description
            mods = []
            for m in area.modules:
                c = m.content()
                if not c["description"]:
                    del c["description"]
                mods.append(c)
            a["modules"] = mods
            out["business_areas"].append(a)
        return out


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)


_TOP_KEYS = {
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
_AREA_KEYS = {"code", "name", "description", "modules"}
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


def _unknown(c: _Collector, where: str, obj: dict[str, Any], allowed: set[str]) -> None:
    for key in sorted(set(obj) - allowed):
        c.add(where, f"okänt fält ”{key}” (felstavat?)")


def _text(
    c: _Collector,
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


def _int(
    c: _Collector, where: str, obj: dict[str, Any], key: str, lo: int, hi: int, *, required: bool
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


def _list(c: _Collector, where: str, obj: dict[str, Any], key: str, what: str) -> list[Any]:
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


def parse_catalogue_bytes(data: bytes) -> CatalogueSpec:
    """Parse and validate a catalogue file. Raises ValidationError listing every problem."""
    if not data.strip():
        raise ValidationError("Katalogfilen är tom.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Katalogfilen är inte en textfil i UTF-8 "
            f"(fel byte på position {exc.start}). Är det rätt fil?"
        ) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"Katalogfilen är inte giltig JSON: rad {exc.lineno}, kolumn {exc.colno} "
            f"({_json_reason(exc.msg)})."
        ) from None
    except RecursionError:
        raise ValidationError(
            "Katalogfilen är för djupt nästlad för att vara en katalog."
        ) from None
    except ValueError:  # e.g. a number with thousands of digits
        raise ValidationError("Katalogfilen innehåller ett tal som är orimligt stort.") from None
    return validate_catalogue(raw)


def _json_reason(msg: str) -> str:
    translations = {
        "Expecting value": "ett värde väntades",
        "Expecting property name enclosed in double quotes": (
            "ett fältnamn inom citattecken väntades"
        ),
        "Expecting ',' delimiter": "ett kommatecken saknas",
        "Expecting ':' delimiter": "ett kolon saknas",
        "Unterminated string starting at": "en text saknar avslutande citattecken",
        "Extra data": "det finns text efter slutet",
        "Invalid control character at": "otillåtet tecken",
    }
    for en, sv in translations.items():
        if msg.startswith(en):
            return sv
    return "syntaxfel"


def validate_catalogue(raw: Any) -> CatalogueSpec:
    c = _Collector()
    if not isinstance(raw, dict):
        raise ValidationError("Katalogfilen ska innehålla ett JSON-objekt överst.")
    if raw.get("format") != FORMAT_NAME:
        raise ValidationError(
            "Filen är ingen kriteriebank för Handledarappen "
            f"(fältet ”format” ska vara ”{FORMAT_NAME}”)."
        )
    fv = raw.get("format_version")
    if fv != FORMAT_VERSION:
        raise ValidationError(
            f"Kriteriebanken har formatversion {fv!r}, men appen läser version "
            f"{FORMAT_VERSION}. Uppdatera appen eller be om en fil i rätt version."
        )
    _unknown(c, "Katalogen", raw, _TOP_KEYS)
    cat_id = _text(c, "Katalogen", raw, "catalogue_id", max_len=64)
    if cat_id and not _CATALOGUE_ID.match(cat_id):
        c.add("Katalogen", "”catalogue_id” får bara innehålla a–z, 0–9 och bindestreck")
    name = _text(c, "Katalogen", raw, "name")
    version = _text(c, "Katalogen", raw, "version", max_len=32)
    published = _text(c, "Katalogen", raw, "published", required=False, max_len=10) or None
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            c.add("Katalogen", f"”published” ska vara ett datum som 2027-03-14, inte ”{published}”")
    publisher = _text(c, "Katalogen", raw, "publisher", required=False)
    description = _text(c, "Katalogen", raw, "description", required=False, max_len=4000)
    hpp = raw.get("hours_per_point", 10)
    hours_per_point = (
        _int(c, "Katalogen", {"hours_per_point": hpp}, "hours_per_point", 1, 100, required=True)
        or 10
    )

    areas: list[BusinessAreaSpec] = []
    area_codes: set[str] = set()
    module_codes: dict[str, str] = {}
    for ai, area_raw in enumerate(
        _list(c, "Katalogen", raw, "business_areas", "verksamhetsområden"), start=1
    ):
        where = f"Verksamhetsområde nr {ai}"
        if not isinstance(area_raw, dict):
            c.add(where, "ska vara ett objekt")
            continue
        code = _text(c, where, area_raw, "code", max_len=32)
        if code:
            where = f"Verksamhetsområde ”{code}”"
            if not _AREA_CODE.match(code):
                c.add(where, "koden får bara innehålla a–z, 0–9 och bindestreck")
            if code in area_codes:
                c.add(where, "koden finns redan i filen (dubblett)")
            area_codes.add(code)
        _unknown(c, where, area_raw, _AREA_KEYS)
        area_name = _text(c, where, area_raw, "name")
        area_desc = _text(c, where, area_raw, "description", required=False, max_len=2000)
        modules: list[ModuleSpec] = []
        for mi, mod_raw in enumerate(_list(c, where, area_raw, "modules", "moduler"), start=1):
            module = _parse_module(c, f"{where}, modul nr {mi}", mod_raw, module_codes, code)
            if module is not None:
                modules.append(module)
        areas.append(BusinessAreaSpec(code, area_name, area_desc, tuple(modules)))

    if c.errors:
        n = len(c.errors)
        raise ValidationError(
            f"Kriteriebanken har {n} fel och lästes inte in. Inget har ändrats.",
            c.errors,
        )
    return CatalogueSpec(
        cat_id, name, version, published, publisher, description, hours_per_point, tuple(areas)
    )


def _parse_module(
    c: _Collector, where: str, raw: Any, seen: dict[str, str], area_code: str
) -> ModuleSpec | None:
    if not isinstance(raw, dict):
        c.add(where, "ska vara ett objekt")
        return None
    before = len(c.errors)
    code = _text(c, where, raw, "code", max_len=32)
    if code:
        where = f"Modul {code}"
        if not _MODULE_CODE.match(code):
            c.add(where, "modulkoden får bara innehålla A–Z, 0–9 och bindestreck")
        if code in seen:
            c.add(where, f"modulkoden finns redan i filen (även under ”{seen[code]}”)")
        seen[code] = area_code
    _unknown(c, where, raw, _MODULE_KEYS)
    version = _int(c, where, raw, "version", 1, 10_000, required=True)
    title = _text(c, where, raw, "title")
    description = _text(c, where, raw, "description", required=False, max_len=4000)
    seqf = _int(c, where, raw, "seqf_level", 1, 8, required=True)
    ocn = _int(c, where, raw, "ocn_level", 1, 3, required=False)
    points = _points(c, where, raw)
    outcomes: list[OutcomeSpec] = []
    for oi, out_raw in enumerate(_list(c, where, raw, "outcomes", "läranderesultat"), start=1):
        owhere = f"{where}, läranderesultat {oi}"
        if not isinstance(out_raw, dict):
            c.add(owhere, "ska vara ett objekt")
            continue
        _unknown(c, owhere, out_raw, _OUTCOME_KEYS)
        number = out_raw.get("number")
        if number != oi:
            c.add(owhere, f"numret ska vara {oi}, inte {number!r} (numrera 1, 2, 3 … i ordning)")
        otext = _text(c, owhere, out_raw, "text", max_len=500)
        criteria: list[CriterionSpec] = []
        for ci, cr_raw in enumerate(
            _list(c, owhere, out_raw, "criteria", "bedömningskriterier"), start=1
        ):
            expected = f"{oi}.{ci}"
            cwhere = f"{where}, kriterium {expected}"
            if not isinstance(cr_raw, dict):
                c.add(cwhere, "ska vara ett objekt")
                continue
            _unknown(c, cwhere, cr_raw, _CRITERION_KEYS)
            cnum = cr_raw.get("number")
            if cnum != expected:
                c.add(cwhere, f"numret ska vara ”{expected}”, inte {cnum!r}")
            ctext = _text(c, cwhere, cr_raw, "text", max_len=500)
            criteria.append(CriterionSpec(expected, ctext))
        if len(criteria) > 12:
            c.add(owhere, "har fler än 12 bedömningskriterier")
        outcomes.append(OutcomeSpec(oi, otext, tuple(criteria)))
    if len(outcomes) > 10:
        c.add(where, "har fler än 10 läranderesultat")
    if len(c.errors) > before or version is None or seqf is None or points is None:
        return None
    return ModuleSpec(code, version, title, description, seqf, ocn, points, tuple(outcomes))


def _points(c: _Collector, where: str, raw: dict[str, Any]) -> float | None:
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


def format_points(points: float) -> str:
    """3.0 → '3', 1.5 → '1,5' (Swedish decimal comma)."""
    return str(int(points)) if points == int(points) else f"{points:.1f}".replace(".", ",")


# --- editing in the app (Kriteriebank) ----------------------------------------------
# An edited module goes through the very same checks as a module in an imported file.


@dataclass(frozen=True)
class OutcomeDraft:
    text: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class ModuleDraft:
    """A module as typed in the editor. Outcomes and criteria are numbered by position."""

    title: str
    description: str
    seqf_level: int
    ocn_level: int | None
    points: float
    outcomes: tuple[OutcomeDraft, ...]

    @classmethod
    def from_spec(cls, spec: ModuleSpec) -> ModuleDraft:
        return cls(
            spec.title,
            spec.description,
            spec.seqf_level,
            spec.ocn_level,
            spec.points,
            tuple(OutcomeDraft(o.text, tuple(c.text for c in o.criteria)) for o in spec.outcomes),
        )

    def to_json(self, code: str, version: int) -> dict[str, Any]:
        """The module in file form, numbered 1, 2 … and 1.1, 1.2 … in order."""
        return {
            "code": code,
            "version": version,
            "title": self.title,
            "description": self.description,
            "seqf_level": self.seqf_level,
            "ocn_level": self.ocn_level,
            "points": self.points,
            "outcomes": [
                {
                    "number": oi,
                    "text": o.text,
                    "criteria": [
                        {"number": f"{oi}.{ci}", "text": text}
                        for ci, text in enumerate(o.criteria, start=1)
                    ],
                }
                for oi, o in enumerate(self.outcomes, start=1)
            ],
        }


# Editor users never see the file's field names: the same messages with Swedish names.
_EDITOR_FIELD_NAMES = {
    "code": "Kod",
    "name": "Namn",
    "title": "Titel",
    "description": "Beskrivning",
    "version": "Version",
    "seqf_level": "SeQF-nivå",
    "ocn_level": "OCN-nivå",
    "points": "Poäng",
    "text": "Text",
    "outcomes": "Läranderesultat",
    "criteria": "Bedömningskriterier",
}


def _editor_wording(message: str) -> str:
    for key, label in _EDITOR_FIELD_NAMES.items():
        message = message.replace(f"”{key}”", f"”{label}”")
    return message


def _raise_editor_errors(c: _Collector, what: str) -> None:
    if c.errors:
        n = len(c.errors)
        raise ValidationError(
            f"{what} har {n} fel och sparades inte. Inget har ändrats.",
            [_editor_wording(e) for e in c.errors],
        )


def validate_module_draft(code: str, version: int, draft: ModuleDraft) -> ModuleSpec:
    """The draft as a ModuleSpec, checked by the import rules; every error with its place."""
    c = _Collector()
    where = f"Modul {code}" if code.strip() else "Den nya modulen"
    spec = _parse_module(c, where, draft.to_json(code.strip(), version), {}, "")
    _raise_editor_errors(c, "Modulen")
    assert spec is not None
    return spec


def validate_business_area(code: str, name: str, description: str) -> BusinessAreaSpec:
    c = _Collector()
    raw = {"code": code.strip(), "name": name, "description": description}
    where = f"Verksamhetsområde ”{code.strip()}”" if code.strip() else "Verksamhetsområdet"
    code = _text(c, where, raw, "code", max_len=32)
    if code and not _AREA_CODE.match(code):
        c.add(where, "koden får bara innehålla a–z, 0–9 och bindestreck (till exempel ”snickeri”)")
    area_name = _text(c, where, raw, "name")
    area_desc = _text(c, where, raw, "description", required=False, max_len=2000)
    _raise_editor_errors(c, "Verksamhetsområdet")
    return BusinessAreaSpec(code, area_name, area_desc, ())
