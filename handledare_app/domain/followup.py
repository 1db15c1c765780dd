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
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

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
#
# Immutable named tuples, not frozen dataclasses: 20,000 placements are built per read
# and a frozen dataclass's __init__ (one object.__setattr__ per field) cost ~40 ms of
# that in bench_stats.py; a named tuple is built in C. Fields are read by name only.


class PersonFact(NamedTuple):
    id: str
    gender: Gender = Gender.NOT_STATED
    birth_year: int | None = None


class PlacementFact(NamedTuple):
    id: str
    participant_id: str
    type: PlacementType
    referrer: str  # domain.enums.Referrer value
    start: dt.date
    end: dt.date | None = None
    exit_code: PlacementOutcome | None = None
    start_status: StartStatus | None = None
    wage_subsidy: bool = False


class SignedModuleFact(NamedTuple):
    """One module validated for a participant: an enrollment's standing signoff chain,
    dated by the chain's first signing."""

    participant_id: str
    signed_on: dt.date
    module_code: str
    module_version: int
    points: float
    level: int  # SEQF level
    business_area: str  # business area code


class CertificateFact(NamedTuple):
    code: str
    issued_on: dt.date
    revoked: bool = False


class ActivityFact(NamedTuple):
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
#
# One pass turns each placement into a plain tuple of codes (enum `.value` and method
# calls are slow at 20,000 placements); the figures are then Counters over list
# comprehensions.

# (participant, type, referrer, start, end, exit, gender, start_status, wage_subsidy)
_P = tuple[str, str, str, dt.date, dt.date | None, str | None, str, str | None, bool]
_REG = PlacementOutcome.REGISTRATION_ERROR
_UNKNOWN = PlacementOutcome.UNKNOWN.value
_WORK = frozenset(o.value for o in PlacementOutcome if o.to_work_or_studies)
_SEEKING = PlacementOutcome.JOB_SEEKING.value
_EMPLOYMENT = PlacementType.EMPLOYMENT.value
_START = itemgetter(1)


def _persons_in(
    rows: list[_P], start: dt.date, end: dt.date, birth: dict[str, int | None]
) -> Tally:
    """Figure 4 (and 17): distinct participants with a placement in the period, by
    gender and the age band of their first placement in the period."""
    inside = [
        (pid, s, g)
        for pid, _t, _r, s, e, _x, g, _st, _w in rows
        if s <= end and (e is None or e >= start)
    ]
    # Latest start first, so the dict keeps each person's earliest (a person's gender is
    # the same on every row, so ties do not matter).
    inside.sort(key=_START, reverse=True)
    first = {pid: (s, g) for pid, s, g in inside}
    keys = [(g, age_band(birth.get(pid), s.year)) for pid, (s, g) in first.items()]
    return Tally.count(("gender", "age_band"), keys)


def compute_figures(facts: Facts, p: Period) -> Figures:
    not_stated = Gender.NOT_STATED.value
    gender_of = {x.id: x.gender._value_ for x in facts.persons}
    birth = {x.id: x.birth_year for x in facts.persons}
    # Unpacked by position (PlacementFact's field order); `_value_` is the enum's value
    # without the `.value` descriptor, a third of this loop's time at 20,000 placements.
    rows: list[_P] = [
        (
            pid,
            kind._value_,
            referrer,
            start,
            end,
            None if exit_code is None else exit_code._value_,
            gender_of.get(pid, not_stated),
            None if status is None else status._value_,
            subsidy,
        )
        for _id, pid, kind, referrer, start, end, exit_code, status, subsidy in facts.placements
        if exit_code is not _REG
    ]
    a, b = p.start, p.end
    day = p.reference_day
    active = [r for r in rows if r[3] <= day and (r[4] is None or r[4] >= day)]
    started = [r for r in rows if a <= r[3] <= b]
    ended = [r for r in rows if r[4] is not None and a <= r[4] <= b]

    # Figure 9: anställning started in the period, after a placement of another type.
    new_jobs = [r for r in started if r[1] == _EMPLOYMENT]
    to_here: list[tuple[str]] = []
    if new_jobs:
        wanted = {r[0] for r in new_jobs}
        by_person: dict[str, list[_P]] = {}
        for r in rows:
            if r[0] in wanted:
                by_person.setdefault(r[0], []).append(r)
        for lst in by_person.values():
            lst.sort(key=lambda r: (r[3], r[4] or dt.date.max))
        for r in new_jobs:
            lst = by_person[r[0]]
            i = next(i for i, y in enumerate(lst) if y is r)
            if i > 0 and lst[i - 1][1] != _EMPLOYMENT:
                to_here.append((r[6],))

    durations: dict[str, list[int]] = {}
    for r in ended:
        assert r[4] is not None
        days = (r[4] - r[3]).days + 1
        durations.setdefault(r[1], []).append(days)
        durations.setdefault("all", []).append(days)

    modules_in = [m for m in facts.modules if a <= m.signed_on <= b]
    points: dict[str, float] = {}
    for m in modules_in:
        points[m.business_area] = points.get(m.business_area, 0.0) + m.points
    first_module: dict[str, dt.date] = {}
    for m in facts.modules:
        seen = first_module.get(m.participant_id)
        if seen is None or m.signed_on < seen:
            first_module[m.participant_id] = m.signed_on
    with_validation = sum(
        1 for r in ended if r[4] is not None and r[0] in first_module and first_module[r[0]] <= r[4]
    )
    certs = [c for c in facts.certificates if a <= c.issued_on <= b]
    finsam_period = Period(dt.date(b.year, 1, 1), b, f"{b.year} t.o.m. {b}")
    participants = _persons_in(rows, a, b, birth)
    # Figure 17 is figure 4 over Jan 1 – period end: the same count when the period is H1.
    finsam = (
        participants
        if finsam_period.start == a
        else _persons_in(rows, finsam_period.start, b, birth)
    ).by("gender")
    return Figures(
        period=p,
        active=Tally.count(("type", "referrer", "gender"), [(r[1], r[2], r[6]) for r in active]),
        employed=Tally.count(
            ("gender", "wage_subsidy"),
            [(r[6], "yes" if r[8] else "no") for r in active if r[1] == _EMPLOYMENT],
        ),
        placed=Tally.count(
            ("type", "referrer"), [(r[1], r[2]) for r in active if r[1] != _EMPLOYMENT]
        ),
        participants=participants,
        started=Tally.count(("type", "referrer", "gender"), [(r[1], r[2], r[6]) for r in started]),
        ended=Tally.count(
            ("exit", "type", "gender"), [(r[5] or _UNKNOWN, r[1], r[6]) for r in ended]
        ),
        to_work_or_studies=Tally.count(("gender",), [(r[6],) for r in ended if r[5] in _WORK]),
        to_work_studies_or_seeking=Tally.count(
            ("gender",), [(r[6],) for r in ended if r[5] in _WORK or r[5] == _SEEKING]
        ),
        to_employment_here=Tally.count(("gender",), to_here),
        duration={k: duration_of(v) for k, v in durations.items()},
        status_to_exit=Tally.count(
            ("start_status", "exit"),
            [
                (r[7], r[5])
                for r in ended
                if r[7] is not None and r[5] is not None and r[5] != _UNKNOWN
            ],
        ),
        validated_participants=Tally.count(
            ("gender",),
            [(gender_of.get(pid, not_stated),) for pid in {m.participant_id for m in modules_in}],
        ),
        validated_modules=Tally.count(
            ("business_area", "level"), [(m.business_area, str(m.level)) for m in modules_in]
        ),
        validated_points={k: round(v, 1) for k, v in points.items()},
        certificates_issued=len(certs),
        certificates_revoked=sum(1 for c in certs if c.revoked),
        ended_with_validation=Share(with_validation, len(ended)),
        active_supervisors=len({x.supervisor_id for x in facts.activity if a <= x.day <= b}),
        finsam=Tally(("gender",), {(g,): n for g, n in finsam.items()}),
        finsam_period=finsam_period,
    )
