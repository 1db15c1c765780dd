"""The records of a follow-up report (FOLLOWUP.md §5), as JSON lines and back.

Pure: no storage, no Qt. A report package carries, per company and period:

- `participant`: pseudonym, gender and birth year, nothing else;
- `placement`: pseudonym, the participant's pseudonym, type, referrer, start status,
  dates, lönebidrag flag and exit code;
- `signed_module`: the participant's pseudonym, module code and version, points, level,
  business area and the date;
- `certificate`: the register entry: code, issue date, content hash, the signed QR
  payload (which holds the signature), status and revocation date;
- `summary`: one line, the company's computed figures (`Figures.to_dict()`).

Reading is strict: every field is checked and an unknown field is refused, so a report
can carry nothing but these (no names, no free text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .enums import Gender, PlacementOutcome, PlacementType, Referrer, StartStatus
from .errors import ValidationError
from .followup import CertificateFact, Facts, PersonFact, PlacementFact, SignedModuleFact

ENTITIES = ("participant", "placement", "signed_module", "certificate", "summary")
ENTITY_LABELS = {
    "participant": "deltagare",
    "placement": "placeringar",
    "signed_module": "signerade moduler",
    "certificate": "intygsregistret",
    "summary": "sammanfattningen",
}


@dataclass(frozen=True)
class RegisterEntry:
    """One certificate in the register a report carries (no personal data)."""

    code: str
    issued_on: dt.date
    payload_sha256: str
    payload: str
    revoked_on: dt.date | None
    preliminary: bool

    @property
    def status(self) -> str:
        return "revoked" if self.revoked_on is not None else "valid"


@dataclass(frozen=True)
class ReportRecords:
    """Everything a report carries besides its summary."""

    facts: Facts
    register: tuple[RegisterEntry, ...]


# --- writing --------------------------------------------------------------------------


def _d(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def participant_lines(persons: Iterable[PersonFact]) -> Iterator[dict[str, Any]]:
    for p in persons:
        yield {"id": p.id, "gender": p.gender.value, "birth_year": p.birth_year}


def placement_lines(placements: Iterable[PlacementFact]) -> Iterator[dict[str, Any]]:
    for x in placements:
        yield {
            "id": x.id,
            "participant_id": x.participant_id,
            "type": x.type.value,
            "referrer": x.referrer,
            "start_status": x.start_status.value if x.start_status else None,
            "start": x.start.isoformat(),
            "end": _d(x.end),
            "wage_subsidy": x.wage_subsidy,
            "exit_code": x.exit_code.value if x.exit_code else None,
        }


def module_lines(modules: Iterable[SignedModuleFact]) -> Iterator[dict[str, Any]]:
    for m in modules:
        yield {
            "participant_id": m.participant_id,
            "signed_on": m.signed_on.isoformat(),
            "module_code": m.module_code,
            "module_version": m.module_version,
            "points": m.points,
            "level": m.level,
            "business_area": m.business_area,
        }


def register_lines(entries: Iterable[RegisterEntry]) -> Iterator[dict[str, Any]]:
    for c in entries:
        yield {
            "code": c.code,
            "issued_on": c.issued_on.isoformat(),
            "payload_sha256": c.payload_sha256,
            "payload": c.payload,
            "status": c.status,
            "revoked_on": _d(c.revoked_on),
            "preliminary": c.preliminary,
        }


# --- reading ----------------------------------------------------------------------------


class RecordError(ValidationError):
    """One record of a report is not what the format allows."""


_FIELDS = {
    "participant": {"id", "gender", "birth_year"},
    "placement": {
        "id",
        "participant_id",
        "type",
        "referrer",
        "start_status",
        "start",
        "end",
        "wage_subsidy",
        "exit_code",
    },
    "signed_module": {
        "participant_id",
        "signed_on",
        "module_code",
        "module_version",
        "points",
        "level",
        "business_area",
    },
    "certificate": {
        "code",
        "issued_on",
        "payload_sha256",
        "payload",
        "status",
        "revoked_on",
        "preliminary",
    },
}


def _text(raw: dict[str, Any], key: str, limit: int = 64) -> str:
    v = raw[key]
    if not isinstance(v, str) or not v or len(v) > limit:
        raise RecordError(f"fältet {key} är fel")
    return v


def _date(raw: dict[str, Any], key: str, optional: bool = False) -> dt.date | None:
    v = raw[key]
    if v is None and optional:
        return None
    if not isinstance(v, str):
        raise RecordError(f"fältet {key} är inget datum")
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise RecordError(f"fältet {key} är inget datum") from None


def _enum(cls: Any, raw: dict[str, Any], key: str, optional: bool = False) -> Any:
    v = raw[key]
    if v is None and optional:
        return None
    member = cls._value2member_map_.get(v) if isinstance(v, str) else None
    if member is None:
        raise RecordError(f"fältet {key} har ett okänt värde")
    return member


def _int(raw: dict[str, Any], key: str, optional: bool = False) -> int | None:
    v = raw[key]
    if v is None and optional:
        return None
    if not isinstance(v, int) or isinstance(v, bool):
        raise RecordError(f"fältet {key} är inget heltal")
    return v


def _check_shape(entity: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RecordError("posten är inget objekt")
    fields = _FIELDS[entity]
    if raw.keys() == fields:
        return raw
    extra = sorted(set(raw) - fields)
    if extra:
        raise RecordError(f"fältet {extra[0][:40]} hör inte hemma i en rapport")
    missing = sorted(fields - set(raw))
    if missing:
        raise RecordError(f"fältet {missing[0]} saknas")
    return raw


def parse_participant(raw: Any, prefix: str = "") -> PersonFact:
    """`prefix` keeps several companies' pseudonyms apart when they are counted together."""
    r = _check_shape("participant", raw)
    year = _int(r, "birth_year", optional=True)
    if year is not None and not 1900 <= year <= 2100:
        raise RecordError("födelseåret är orimligt")
    return PersonFact(prefix + _text(r, "id"), _enum(Gender, r, "gender"), year)


_PLACEMENT_KEYS = _FIELDS["placement"]
_TYPES: dict[Any, PlacementType] = {m.value: m for m in PlacementType}
_REFERRERS: dict[Any, Referrer] = {m.value: m for m in Referrer}
_EXITS: dict[Any, PlacementOutcome | None] = {None: None, **{m.value: m for m in PlacementOutcome}}
_STATUSES: dict[Any, StartStatus | None] = {None: None, **{m.value: m for m in StartStatus}}


def _plain_text(v: Any) -> bool:
    return type(v) is str and 0 < len(v) <= 64


def _fast_placement(raw: Any, prefix: str) -> PlacementFact | None:
    """The common case in one pass: a record the strict path accepts as it is, giving
    the same fact. None for anything else (the strict path then says what is wrong)."""
    if type(raw) is not dict or raw.keys() != _PLACEMENT_KEYS:
        return None
    i, pid, s, e = raw["id"], raw["participant_id"], raw["start"], raw["end"]
    ws, x, st = raw["wage_subsidy"], raw["exit_code"], raw["start_status"]
    ok = _plain_text(i) and _plain_text(pid) and type(s) is str and type(ws) is bool
    if not ok or not (e is None or type(e) is str):
        return None
    try:
        kind, referrer = _TYPES.get(raw["type"]), _REFERRERS.get(raw["referrer"])
        if kind is None or referrer is None or x not in _EXITS or st not in _STATUSES:
            return None
        start = dt.date.fromisoformat(s)
        end = None if e is None else dt.date.fromisoformat(e)
    except (TypeError, ValueError):  # an unhashable code, not a date
        return None
    if end is not None and end < start:
        return None
    return PlacementFact(
        prefix + i, prefix + pid, kind, referrer.value, start, end, _EXITS[x], _STATUSES[st], ws
    )


def parse_placement(raw: Any, prefix: str = "") -> PlacementFact:
    fast = _fast_placement(raw, prefix)
    return fast if fast is not None else _strict_placement(raw, prefix)


def _strict_placement(raw: Any, prefix: str) -> PlacementFact:
    r = _check_shape("placement", raw)
    if not isinstance(r["wage_subsidy"], bool):
        raise RecordError("fältet wage_subsidy är fel")
    start = _date(r, "start")
    end = _date(r, "end", optional=True)
    assert start is not None
    if end is not None and end < start:
        raise RecordError("placeringen slutar före sin början")
    referrer = _enum(Referrer, r, "referrer")
    return PlacementFact(
        prefix + _text(r, "id"),
        prefix + _text(r, "participant_id"),
        _enum(PlacementType, r, "type"),
        referrer.value,
        start,
        end,
        _enum(PlacementOutcome, r, "exit_code", optional=True),
        _enum(StartStatus, r, "start_status", optional=True),
        r["wage_subsidy"],
    )


def parse_module(raw: Any, prefix: str = "") -> SignedModuleFact:
    r = _check_shape("signed_module", raw)
    points = r["points"]
    if isinstance(points, bool) or not isinstance(points, int | float) or not 0 <= points < 1e4:
        raise RecordError("fältet points är fel")
    level = _int(r, "level")
    version = _int(r, "module_version")
    signed_on = _date(r, "signed_on")
    assert level is not None and version is not None and signed_on is not None
    return SignedModuleFact(
        prefix + _text(r, "participant_id"),
        signed_on,
        _text(r, "module_code", 32),
        version,
        float(points),
        level,
        _text(r, "business_area", 32),
    )


def parse_register_entry(raw: Any) -> RegisterEntry:
    r = _check_shape("certificate", raw)
    if r["status"] not in ("valid", "revoked") or not isinstance(r["preliminary"], bool):
        raise RecordError("intygets status är fel")
    revoked_on = _date(r, "revoked_on", optional=True)
    if (r["status"] == "revoked") != (revoked_on is not None):
        raise RecordError("intygets status och återkallelsedatum stämmer inte")
    issued = _date(r, "issued_on")
    assert issued is not None
    return RegisterEntry(
        _text(r, "code", 16),
        issued,
        _text(r, "payload_sha256"),
        _text(r, "payload", 400),
        revoked_on,
        r["preliminary"],
    )


def certificate_facts(register: Iterable[RegisterEntry]) -> tuple[CertificateFact, ...]:
    """Figure 14 counts every issued certificate, preliminary ones too (revoked ones
    apart), as storage.followup_rows.certificates does on the company's computer."""
    return tuple(CertificateFact(c.code, c.issued_on, c.revoked_on is not None) for c in register)
