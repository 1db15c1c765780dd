"""Validation of incoming records against the schema, before anything is written.

The column rules (type, nullability, length, foreign key) come from the storage
models; enumerations and a few formats are added here. A record that fails gets a
Swedish message naming the file and line; the import then stops with nothing changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from ..domain.enums import (
    AssessmentStatus,
    AttachmentKind,
    EvidenceQuality,
    EvidenceType,
    JourneyStage,
    PlacementOutcome,
    PlacementType,
    Referrer,
    Role,
)
from ..storage.exchange_rows import MODELS_BY_ENTITY, ColumnSpec, entity_columns


def _v(enum: type[StrEnum]) -> frozenset[str]:
    return frozenset(m.value for m in enum)


ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("participant", "stage"): _v(JourneyStage),
    ("placement", "type"): _v(PlacementType),
    ("placement", "referrer"): _v(Referrer),
    ("placement", "outcome"): _v(PlacementOutcome),
    ("evidence", "type"): _v(EvidenceType),
    ("attachment", "kind"): _v(AttachmentKind),
    ("assessment", "status"): _v(AssessmentStatus),
    ("tombstone", "reason"): frozenset({"deleted", "erasure"}),
}
LIST_ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("evidence", "quality"): _v(EvidenceQuality),
    ("supervisor", "roles"): _v(Role),
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class RecordProblem(Exception):
    message: str


@cache
def columns(entity: str) -> tuple[ColumnSpec, ...]:
    return tuple(entity_columns(entity))


def known_entity(entity: str) -> bool:
    return entity in MODELS_BY_ENTITY


def _check_vv(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in value.items()
    )


_HLC = re.compile(r"^\d{13}-\d{5}-[^\s]{1,60}$")


def _check_hlc(value: Any) -> bool:
    return isinstance(value, str) and _HLC.match(value) is not None


def _convert(entity: str, spec: ColumnSpec, value: Any) -> Any:
    where = f"fältet {spec.name}"
    if value is None:
        if not spec.nullable:
            raise RecordProblem(f"{where} saknar värde")
        return None
    kind = spec.kind
    if kind == "str":
        if not isinstance(value, str):
            raise RecordProblem(f"{where} ska vara text")
        if spec.max_length is not None and len(value) > spec.max_length:
            raise RecordProblem(f"{where} är för långt")
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise RecordProblem(f"{where} ska vara ett heltal")
        if abs(value) > 2**62:
            raise RecordProblem(f"{where} är orimligt stort")
    elif kind == "float":
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise RecordProblem(f"{where} ska vara ett tal")
        value = float(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise RecordProblem(f"{where} ska vara ett tal")
    elif kind == "bool":
        if not isinstance(value, bool):
            raise RecordProblem(f"{where} ska vara sant eller falskt")
    elif kind == "date":
        if not isinstance(value, str):
            raise RecordProblem(f"{where} ska vara ett datum")
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise RecordProblem(f"{where} är inget giltigt datum") from None
    elif kind == "json" and not isinstance(value, dict | list):
        raise RecordProblem(f"{where} har fel form")
    allowed = ENUMS.get((entity, spec.name))
    if allowed is not None and value not in allowed:
        raise RecordProblem(f"{where} har det okända värdet ”{str(value)[:40]}”")
    allowed_items = LIST_ENUMS.get((entity, spec.name))
    if allowed_items is not None and (
        not isinstance(value, list) or any(v not in allowed_items for v in value)
    ):
        raise RecordProblem(f"{where} innehåller ett okänt värde")
    return value


def validate_record(entity: str, raw: Any) -> dict[str, Any]:
    """The record converted for writing (dates as dates); raises RecordProblem."""
    if not isinstance(raw, dict):
        raise RecordProblem("posten är inget objekt")
    specs = columns(entity)
    names = {s.name for s in specs}
    unknown = set(raw) - names
    if unknown:
        raise RecordProblem(f"okänt fält ”{sorted(unknown)[0][:40]}” (nyare version av appen?)")
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.name not in raw:
            raise RecordProblem(f"fältet {spec.name} saknas")
        out[spec.name] = _convert(entity, spec, raw[spec.name])
    if not out["id"] or len(out["id"]) > 36:
        raise RecordProblem("fältet id är ogiltigt")
    if not _check_hlc(out["hlc"]):
        raise RecordProblem("fältet hlc är ogiltigt")
    if not _check_vv(out["vv"]):
        raise RecordProblem("fältet vv är ogiltigt")
    clock = out["field_clock"]
    if not isinstance(clock, dict) or not all(
        isinstance(k, str) and _check_hlc(v) for k, v in clock.items()
    ):
        raise RecordProblem("fältet field_clock är ogiltigt")
    if entity == "attachment" and not _SHA256.match(out["sha256"]):
        raise RecordProblem("fältet sha256 är ogiltigt")
    if entity == "tombstone" and not known_entity(out["entity"]):
        raise RecordProblem("borttagningen gäller en okänd posttyp")
    return out


def convert_checked(entity: str, raw: dict[str, Any]) -> dict[str, Any]:
    """A record already validated (same verified file, second pass): dates as dates."""
    for name in _date_columns(entity):
        value = raw[name]
        if value is not None:
            raw[name] = dt.date.fromisoformat(value)
    return raw


@cache
def _date_columns(entity: str) -> tuple[str, ...]:
    return tuple(s.name for s in columns(entity) if s.kind == "date")


def foreign_keys(entity: str) -> list[tuple[str, str]]:
    """(column, referenced entity) pairs."""
    return [(s.name, s.references) for s in columns(entity) if s.references]


ENTITY_LABELS: dict[str, str] = {
    "workplace": "arbetsplatser",
    "installation": "installationer",
    "supervisor": "handledare",
    "participant": "deltagare",
    "placement": "placeringar",
    "introduction_item": "introduktionspunkter",
    "work_plan": "arbetsplaner",
    "follow_up": "uppföljningar",
    "catalogue": "kataloger",
    "business_area": "verksamhetsområden",
    "module": "moduler",
    "outcome": "läranderesultat",
    "criterion": "bedömningskriterier",
    "enrollment": "moduler i arbetsplaner",
    "evidence": "bevis",
    "attachment": "bilagor",
    "evidence_criterion": "kopplingar mellan bevis och kriterier",
    "assessment": "bedömningar",
    "signoff": "signeringar",
    "certificate": "intyg",
    "tombstone": "borttagningar",
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)
