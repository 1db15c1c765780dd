"""Validation of incoming records against the schema, before anything is written.

The column rules (type, nullability, length, foreign key) come from the storage
models; enumerations and a few formats are added here. A record that fails gets a
Swedish message naming the file and line; the import then stops with nothing changed.
"""

from __future__ import annotations

import contextlib
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
    Gender,
    JourneyStage,
    PlacementOutcome,
    PlacementType,
    Referrer,
    Role,
    StartStatus,
)
from ..domain.municipalities import MUNICIPALITY_CODES
from ..storage.exchange_rows import MODELS_BY_ENTITY, ColumnSpec, entity_columns
from .record_fast import FastCheck, compile_check


def _v(enum: type[StrEnum]) -> frozenset[str]:
    return frozenset(m.value for m in enum)


ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("participant", "stage"): _v(JourneyStage),
    ("placement", "type"): _v(PlacementType),
    ("placement", "referrer"): _v(Referrer),
    ("placement", "outcome"): _v(PlacementOutcome),
    ("placement", "start_status"): _v(StartStatus),
    ("participant", "gender"): _v(Gender),
    ("workplace", "municipality"): MUNICIPALITY_CODES,
    ("evidence", "type"): _v(EvidenceType),
    ("attachment", "kind"): _v(AttachmentKind),
    ("assessment", "status"): _v(AssessmentStatus),
    ("tombstone", "reason"): frozenset({"deleted", "erasure"}),
    ("erasure", "kind"): frozenset({"radering", "gallring"}),  # issue 15
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
    if type(value) is dict:  # fast path: exact types checked at C level, then the minimum
        counts = value.values()
        if set(map(type, value)) <= _STR and set(map(type, counts)) <= _INT:
            return not counts or min(counts) >= 0
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in value.items()
    )


_HLC = re.compile(r"^\d{13}-\d{5}-[^\s]{1,60}$")


def _check_hlc(value: Any) -> bool:
    return isinstance(value, str) and _HLC.match(value) is not None


def _check_field_clock(clock: dict[Any, Any]) -> bool:
    """Every key text and every value a valid hlc. Fast path (C-level type checks, each
    distinct stamp matched once: a record's fields mostly share one); anything it does
    not accept is decided by the exact rule."""
    stamps = clock.values()
    if set(map(type, clock)) <= _STR and set(map(type, stamps)) <= _STR:
        return all(_HLC.match(v) is not None for v in set(stamps))
    return all(isinstance(k, str) and _check_hlc(v) for k, v in clock.items())


_STR = frozenset({str})
_INT = frozenset({int})


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


_Plan = tuple[tuple[str, str, bool, int | None, frozenset[str] | None, frozenset[str] | None], ...]
_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "bool": bool,
    "json": (dict, list),
    "date": str,
}


@cache
def _plan(entity: str) -> _Plan:
    return tuple(
        (
            s.name,
            s.kind,
            s.nullable,
            s.max_length,
            ENUMS.get((entity, s.name)),
            LIST_ENUMS.get((entity, s.name)),
        )
        for s in columns(entity)
    )


@cache
def _names(entity: str) -> frozenset[str]:
    return frozenset(s.name for s in columns(entity))


def _fast_ok(kind: str, max_length: int | None, value: Any) -> bool:
    """The common, valid case without building messages; anything else goes the slow
    way (`_convert`), which names the problem."""
    if kind == "int":  # type(), not isinstance: True is an int in Python
        return type(value) is int and abs(value) <= 2**62
    expected = _TYPES.get(kind)
    if expected is None or not isinstance(value, expected):
        return False  # float goes the slow way: it converts ints
    text: Any = value
    return not (max_length is not None and len(text) > max_length)


@cache
def _fast_check(entity: str) -> FastCheck:
    specs = columns(entity)
    return compile_check(
        entity,
        specs,
        {s.name: e for s in specs if (e := ENUMS.get((entity, s.name))) is not None},
        {s.name: e for s in specs if (e := LIST_ENUMS.get((entity, s.name))) is not None},
    )


def validate_record(entity: str, raw: Any) -> dict[str, Any]:
    """The record converted for writing (dates as dates); raises RecordProblem."""
    out = _fast_check(entity)(raw)  # the plain valid case, compiled (record_fast.py)
    if out is None:
        out = _validate_columns(entity, raw)
    _check_sync_columns(entity, out)
    return out


def _validate_columns(entity: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RecordProblem("posten är inget objekt")
    names = _names(entity)
    if len(raw) != len(names) or not names.issuperset(raw):
        unknown = set(raw) - names
        if unknown:
            raise RecordProblem(f"okänt fält ”{sorted(unknown)[0][:40]}” (nyare version av appen?)")
    specs = columns(entity)
    out: dict[str, Any] = {}
    for i, (name, kind, nullable, max_length, enum, list_enum) in enumerate(_plan(entity)):
        if name not in raw:
            raise RecordProblem(f"fältet {name} saknas")
        value = raw[name]
        # The common valid cases inline (the hot loop of a large import); anything
        # else goes the slow way (`_convert`), which names the problem.
        if value is None:
            if nullable:
                out[name] = None
                continue
        elif (
            kind == "str"
            and type(value) is str
            and (max_length is None or len(value) <= max_length)
            and (enum is None or value in enum)
            and list_enum is None
        ):
            out[name] = value
            continue
        elif (
            _fast_ok(kind, max_length, value)
            and (enum is None or value in enum)
            and (list_enum is None or all(v in list_enum for v in value))
        ):
            if kind != "date":
                out[name] = value
                continue
            with contextlib.suppress(ValueError):
                out[name] = dt.date.fromisoformat(value)
                continue
        out[name] = _convert(entity, specs[i], value)
    return out


def _check_sync_columns(entity: str, out: dict[str, Any]) -> None:
    if not out["id"] or len(out["id"]) > 36:
        raise RecordProblem("fältet id är ogiltigt")
    if not _check_hlc(out["hlc"]):
        raise RecordProblem("fältet hlc är ogiltigt")
    if not _check_vv(out["vv"]):
        raise RecordProblem("fältet vv är ogiltigt")
    clock = out["field_clock"]
    if not isinstance(clock, dict) or not _check_field_clock(clock):
        raise RecordProblem("fältet field_clock är ogiltigt")
    if entity == "attachment" and not _SHA256.match(out["sha256"]):
        raise RecordProblem("fältet sha256 är ogiltigt")
    if entity == "tombstone" and not known_entity(out["entity"]):
        raise RecordProblem("borttagningen gäller en okänd posttyp")


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
    "signoff_reopening": "återöppnade signeringar",
    "qa_review": "kvalitetsgranskningar",
    "certificate_revocation": "återkallelser av intyg",
    "tombstone": "borttagningar",
    "erasure": "raderingar",
}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)
