"""The half-year follow-up figures of FOLLOWUP.md (pure: no storage, no Qt).

Stable API (other modules build on it; add, do not change):

- `Period` (start, end, label; `reference_day` is the mätdag), `parse_period(text)`
  (`2027H1`, `2027H2`, `2027`, `2027-01-01--2027-03-31` or two dates with `period(a, b)`),
  `half_year(year, half)`, `half_year_of(day)`, `latest_complete_half_year(today)`,
  `previous_half_years(period, n)`. Bad input raises `ValidationError` in Swedish.
- Input facts: `PersonFact`, `PlacementFact`, `SignedModuleFact`, `CertificateFact`,
  `ActivityFact`, gathered in `Facts`.
- `compute_figures(facts, period) -> Figures`: every figure 1–17 of FOLLOWUP.md §3.
  Breakdowns are `Tally` objects (dimension names + counts keyed by tuples of codes).
- `Figures.to_dict()` / `Figures.from_dict(d)`: JSON-ready form (plain str/int/float,
  lists, dicts), round-trips exactly.
- Suppression of small numbers (§4) is separate: `domain/followup_suppress.py`
  (`suppress_grid`, `suppressed_share_text`), applied only to what leaves the screen.

Counting rules (FOLLOWUP.md §1): a placement is active on a day when start ≤ day and
(no end or end ≥ day); in the period when start ≤ period end and (no end or end ≥
period start). Placements with exit code felregistrering are dropped before anything
is counted. Placement time (figure 10) counts both the first and the last day. A
signed module (figures 12, 13, 15) is one enrollment's chain of signoffs, dated by its
first signing and counted only while a signoff in the chain stands (the caller builds
`SignedModuleFact`s that way), so a correction does not count twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .enums import Gender, PlacementOutcome, PlacementType, StartStatus
from .errors import ValidationError
from .followup_period import (
    Period,
    half_year,
    half_year_of,
    latest_complete_half_year,
    parse_period,
    period,
    previous_half_years,
)
from .followup_types import AGE_BANDS, Duration, Share, Tally, age_band, duration_of

__all__ = [
    "AGE_BANDS",
    "ActivityFact",
    "CertificateFact",
    "Duration",
    "Facts",
    "Figures",
    "Period",
    "PersonFact",
    "PlacementFact",
    "Share",
    "SignedModuleFact",
    "Tally",
    "age_band",
    "compute_figures",
    "half_year",
    "half_year_of",
    "latest_complete_half_year",
    "parse_period",
    "period",
    "previous_half_years",
]

# --- input facts --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFact:
    id: str
    gender: Gender = Gender.NOT_STATED
    birth_year: int | None = None


@dataclass(frozen=True)
class PlacementFact:
    id: str
    participant_id: str
    type: PlacementType
    referrer: str  # domain.enums.Referrer value
    start: dt.date
    end: dt.date | None = None
    exit_code: PlacementOutcome | None = None
    start_status: StartStatus | None = None
    wage_subsidy: bool = False

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def in_period(self, p: Period) -> bool:
        return self.start <= p.end and (self.end is None or self.end >= p.start)


@dataclass(frozen=True)
class SignedModuleFact:
    """One module validated for a participant: an enrollment's standing signoff chain,
    dated by the chain's first signing."""

    participant_id: str
    signed_on: dt.date
    module_code: str
    module_version: int
    points: float
    level: int  # SEQF level
    business_area: str  # business area code


@dataclass(frozen=True)
class CertificateFact:
    code: str
    issued_on: dt.date
    revoked: bool = False


@dataclass(frozen=True)
class ActivityFact:
    """A supervisor judged (assessed, reviewed) or signed something on a day."""

    supervisor_id: str
    day: dt.date


@dataclass(frozen=True)
class Facts:
    persons: tuple[PersonFact, ...] = ()
    placements: tuple[PlacementFact, ...] = ()
    modules: tuple[SignedModuleFact, ...] = ()
    certificates: tuple[CertificateFact, ...] = ()
    activity: tuple[ActivityFact, ...] = ()


# --- result types -----------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Figures 1–17 of FOLLOWUP.md §3 for one period (exact numbers, not suppressed)."""

    period: Period
    active: Tally  # 1: type × referrer × gender, on the mätdag
    employed: Tally  # 2: gender × wage_subsidy ("yes"/"no")
    placed: Tally  # 3: type × referrer (active minus anställning)
    participants: Tally  # 4: gender × age_band, distinct persons
    started: Tally  # 5: type × referrer × gender
    ended: Tally  # 6: exit × type × gender
    to_work_or_studies: Tally  # 7: gender
    to_work_studies_or_seeking: Tally  # 8: gender
    to_employment_here: Tally  # 9: gender
    duration: dict[str, Duration]  # 10: by type, plus "all"
    status_to_exit: Tally  # 11: start_status × exit
    validated_participants: Tally  # 12: gender
    validated_modules: Tally  # 13: business_area × level (count of modules)
    validated_points: dict[str, float]  # 13: points by business_area
    certificates_issued: int  # 14
    certificates_revoked: int  # 14: of those issued in the period, revoked since
    ended_with_validation: Share  # 15
    active_supervisors: int  # 16
    finsam: Tally  # 17: gender, #4 for the calendar year up to the mätdag
    finsam_period: Period

    @property
    def share_to_work_or_studies(self) -> Share:
        return Share(self.to_work_or_studies.total, self.ended.total)

    @property
    def share_to_work_studies_or_seeking(self) -> Share:
        return Share(self.to_work_studies_or_seeking.total, self.ended.total)

    @property
    def validated_points_total(self) -> float:
        return round(sum(self.validated_points.values()), 1)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": 1, "period": self.period.to_dict()}
        for name in _TALLIES:
            out[name] = getattr(self, name).to_dict()
        out["duration"] = {k: v.to_dict() for k, v in sorted(self.duration.items())}
        out["validated_points"] = dict(sorted(self.validated_points.items()))
        out["certificates_issued"] = self.certificates_issued
        out["certificates_revoked"] = self.certificates_revoked
        out["ended_with_validation"] = self.ended_with_validation.to_dict()
        out["active_supervisors"] = self.active_supervisors
        out["finsam_period"] = self.finsam_period.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figures:
        if d.get("format") != 1:
            raise ValidationError("Siffrorna har ett okänt format.")
        try:
            tallies = {name: Tally.from_dict(d[name]) for name in _TALLIES}
            return cls(
                period=Period.from_dict(d["period"]),
                duration={k: Duration.from_dict(v) for k, v in d["duration"].items()},
                validated_points={k: float(v) for k, v in d["validated_points"].items()},
                certificates_issued=int(d["certificates_issued"]),
                certificates_revoked=int(d["certificates_revoked"]),
                ended_with_validation=Share.from_dict(d["ended_with_validation"]),
                active_supervisors=int(d["active_supervisors"]),
                finsam_period=Period.from_dict(d["finsam_period"]),
                **tallies,
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ValidationError("Siffrorna är ofullständiga eller felaktiga.") from exc


_TALLIES = (
    "active",
    "employed",
    "placed",
    "participants",
    "started",
    "ended",
    "to_work_or_studies",
    "to_work_studies_or_seeking",
    "to_employment_here",
    "status_to_exit",
    "validated_participants",
    "validated_modules",
    "finsam",
)


# --- computing ---------------------------------------------------------------------------


def _persons_in(
    placements: Iterable[PlacementFact], p: Period, persons: dict[str, PersonFact]
) -> Tally:
    """Figure 4 (and 17): distinct participants with a placement in the period, by
    gender and the age band of their first placement in the period."""
    first: dict[str, PlacementFact] = {}
    for x in placements:
        if x.in_period(p):
            seen = first.get(x.participant_id)
            if seen is None or x.start < seen.start:
                first[x.participant_id] = x
    keys = []
    for pid, x in first.items():
        person = persons.get(pid, PersonFact(pid))
        keys.append((person.gender.value, age_band(person.birth_year, x.start.year)))
    return Tally.count(("gender", "age_band"), keys)


def compute_figures(facts: Facts, p: Period) -> Figures:
    persons = {x.id: x for x in facts.persons}

    def gender(pid: str) -> str:
        person = persons.get(pid)
        return person.gender.value if person else Gender.NOT_STATED.value

    placements = [
        x for x in facts.placements if x.exit_code is not PlacementOutcome.REGISTRATION_ERROR
    ]
    day = p.reference_day
    employment = PlacementType.EMPLOYMENT
    active = [x for x in placements if x.active_on(day)]
    started = [x for x in placements if p.contains(x.start)]
    ended = [x for x in placements if x.end is not None and p.contains(x.end)]

    by_person: dict[str, list[PlacementFact]] = {}
    for x in placements:
        by_person.setdefault(x.participant_id, []).append(x)
    for lst in by_person.values():
        lst.sort(key=lambda x: (x.start, x.end or dt.date.max))

    def previous(x: PlacementFact) -> PlacementFact | None:
        lst = by_person[x.participant_id]
        i = next(i for i, y in enumerate(lst) if y is x)
        return lst[i - 1] if i > 0 else None

    to_here = []
    for x in started:
        if x.type is employment:
            prev = previous(x)
            if prev is not None and prev.type is not employment:
                to_here.append((gender(x.participant_id),))

    ended_exit = [x for x in ended if x.exit_code is not None]
    work = [x for x in ended_exit if x.exit_code is not None and x.exit_code.to_work_or_studies]
    seeking = [x for x in ended_exit if x.exit_code is PlacementOutcome.JOB_SEEKING]

    durations: dict[str, list[int]] = {}
    for x in ended:
        assert x.end is not None
        days = (x.end - x.start).days + 1
        durations.setdefault(x.type.value, []).append(days)
        durations.setdefault("all", []).append(days)

    status_exit = [
        (x.start_status.value, x.exit_code.value)
        for x in ended
        if x.start_status is not None
        and x.exit_code is not None
        and x.exit_code is not PlacementOutcome.UNKNOWN
    ]

    modules_in = [m for m in facts.modules if p.contains(m.signed_on)]
    validated = {m.participant_id for m in modules_in}
    points: dict[str, float] = {}
    for m in modules_in:
        points[m.business_area] = points.get(m.business_area, 0.0) + m.points
    first_module: dict[str, dt.date] = {}
    for m in facts.modules:
        seen = first_module.get(m.participant_id)
        if seen is None or m.signed_on < seen:
            first_module[m.participant_id] = m.signed_on
    with_validation = sum(
        1
        for x in ended
        if x.end is not None
        and x.participant_id in first_module
        and first_module[x.participant_id] <= x.end
    )

    certs = [c for c in facts.certificates if p.contains(c.issued_on)]
    finsam_period = Period(dt.date(p.end.year, 1, 1), p.end, f"{p.end.year} t.o.m. {p.end}")
    finsam_persons = _persons_in(placements, finsam_period, persons)

    return Figures(
        period=p,
        active=Tally.count(
            ("type", "referrer", "gender"),
            ((x.type.value, x.referrer, gender(x.participant_id)) for x in active),
        ),
        employed=Tally.count(
            ("gender", "wage_subsidy"),
            (
                (gender(x.participant_id), "yes" if x.wage_subsidy else "no")
                for x in active
                if x.type is employment
            ),
        ),
        placed=Tally.count(
            ("type", "referrer"),
            ((x.type.value, x.referrer) for x in active if x.type is not employment),
        ),
        participants=_persons_in(placements, p, persons),
        started=Tally.count(
            ("type", "referrer", "gender"),
            ((x.type.value, x.referrer, gender(x.participant_id)) for x in started),
        ),
        ended=Tally.count(
            ("exit", "type", "gender"),
            (
                (
                    (x.exit_code or PlacementOutcome.UNKNOWN).value,
                    x.type.value,
                    gender(x.participant_id),
                )
                for x in ended
            ),
        ),
        to_work_or_studies=Tally.count(("gender",), ((gender(x.participant_id),) for x in work)),
        to_work_studies_or_seeking=Tally.count(
            ("gender",), ((gender(x.participant_id),) for x in [*work, *seeking])
        ),
        to_employment_here=Tally.count(("gender",), to_here),
        duration={k: duration_of(v) for k, v in durations.items()},
        status_to_exit=Tally.count(("start_status", "exit"), status_exit),
        validated_participants=Tally.count(("gender",), ((gender(pid),) for pid in validated)),
        validated_modules=Tally.count(
            ("business_area", "level"), ((m.business_area, str(m.level)) for m in modules_in)
        ),
        validated_points={k: round(v, 1) for k, v in points.items()},
        certificates_issued=len(certs),
        certificates_revoked=sum(1 for c in certs if c.revoked),
        ended_with_validation=Share(with_validation, len(ended)),
        active_supervisors=len({a.supervisor_id for a in facts.activity if p.contains(a.day)}),
        finsam=Tally(("gender",), {(g,): n for g, n in finsam_persons.by("gender").items()}),
        finsam_period=finsam_period,
    )
