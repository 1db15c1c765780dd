"""Criteria catalogue: parsing and full validation of a file, and the editor's drafts.

Validation collects *every* problem with its place, in Swedish, so a catalogue
author can fix a file in one round. Format: resurser/katalog/FORMAT.md. The data
classes are in catalogue_spec, the field checks in catalogue_checks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .catalogue_checks import (
    AREA_CODE,
    AREA_KEYS,
    CATALOGUE_ID,
    TOP_KEYS,
    Collector,
    int_field,
    list_field,
    parse_module,
    text_field,
    unknown_keys,
)
from .catalogue_spec import (
    FORMAT_NAME,
    FORMAT_VERSION,
    BusinessAreaSpec,
    CatalogueSpec,
    ModuleSpec,
)
from .errors import ValidationError


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
    c = Collector()
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
    unknown_keys(c, "Katalogen", raw, TOP_KEYS)
    cat_id = text_field(c, "Katalogen", raw, "catalogue_id", max_len=64)
    if cat_id and not CATALOGUE_ID.match(cat_id):
        c.add("Katalogen", "”catalogue_id” får bara innehålla a–z, 0–9 och bindestreck")
    name = text_field(c, "Katalogen", raw, "name")
    version = text_field(c, "Katalogen", raw, "version", max_len=32)
    published = text_field(c, "Katalogen", raw, "published", required=False, max_len=10) or None
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            c.add("Katalogen", f"”published” ska vara ett datum som 2027-03-14, inte ”{published}”")
    publisher = text_field(c, "Katalogen", raw, "publisher", required=False)
    description = text_field(c, "Katalogen", raw, "description", required=False, max_len=4000)
    hpp = raw.get("hours_per_point", 10)
    hours_per_point = (
        int_field(
            c, "Katalogen", {"hours_per_point": hpp}, "hours_per_point", 1, 100, required=True
        )
        or 10
    )

    areas: list[BusinessAreaSpec] = []
    area_codes: set[str] = set()
    module_codes: dict[str, str] = {}
    for ai, area_raw in enumerate(
        list_field(c, "Katalogen", raw, "business_areas", "verksamhetsområden"), start=1
    ):
        where = f"Verksamhetsområde nr {ai}"
        if not isinstance(area_raw, dict):
            c.add(where, "ska vara ett objekt")
            continue
        code = text_field(c, where, area_raw, "code", max_len=32)
        if code:
            where = f"Verksamhetsområde ”{code}”"
            if not AREA_CODE.match(code):
                c.add(where, "koden får bara innehålla a–z, 0–9 och bindestreck")
            if code in area_codes:
                c.add(where, "koden finns redan i filen (dubblett)")
            area_codes.add(code)
        unknown_keys(c, where, area_raw, AREA_KEYS)
        area_name = text_field(c, where, area_raw, "name")
        area_desc = text_field(c, where, area_raw, "description", required=False, max_len=2000)
        modules: list[ModuleSpec] = []
        for mi, mod_raw in enumerate(list_field(c, where, area_raw, "modules", "moduler"), start=1):
            module = parse_module(c, f"{where}, modul nr {mi}", mod_raw, module_codes, code)
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


def _raise_editor_errors(c: Collector, what: str) -> None:
    if c.errors:
        n = len(c.errors)
        raise ValidationError(
            f"{what} har {n} fel och sparades inte. Inget har ändrats.",
            [_editor_wording(e) for e in c.errors],
        )


def validate_module_draft(code: str, version: int, draft: ModuleDraft) -> ModuleSpec:
    """The draft as a ModuleSpec, checked by the import rules; every error with its place."""
    c = Collector()
    where = f"Modul {code}" if code.strip() else "Den nya modulen"
    spec = parse_module(c, where, draft.to_json(code.strip(), version), {}, "")
    _raise_editor_errors(c, "Modulen")
    assert spec is not None
    return spec


def validate_business_area(code: str, name: str, description: str) -> BusinessAreaSpec:
    c = Collector()
    raw = {"code": code.strip(), "name": name, "description": description}
    where = f"Verksamhetsområde ”{code.strip()}”" if code.strip() else "Verksamhetsområdet"
    code = text_field(c, where, raw, "code", max_len=32)
    if code and not AREA_CODE.match(code):
        c.add(where, "koden får bara innehålla a–z, 0–9 och bindestreck (till exempel ”snickeri”)")
    area_name = text_field(c, where, raw, "name")
    area_desc = text_field(c, where, raw, "description", required=False, max_len=2000)
    _raise_editor_errors(c, "Verksamhetsområdet")
    return BusinessAreaSpec(code, area_name, area_desc, ())
