"""The half-year follow-up figures for this company (FOLLOWUP.md), without Qt.

Stable API:

- `app.statistics.facts() -> Facts`: this company's placements, signed modules,
  certificates and supervisor activity (with every participant for their gender and
  birth year), read once (domain.followup's input types). A record is this company's
  when one of its computers made it (`Ownership`): a participant who moved here from
  another company brings their placements, signoffs and certificates from there, and
  those stay that company's figures; what is recorded for them here counts here.
- `app.statistics.figures(period) -> Figures`; `figures_for(text)` parses the period
  first (Swedish `ValidationError` on bad input).
- `app.statistics.trend(period, n=4) -> list[Figures]`: the last `n` half-years up to
  the one holding the period's mätdag, oldest first (one read of the data).
- `signed_modules(rows)`: how signoff rows become `SignedModuleFact`s (one per
  enrollment whose chain has a standing signoff, dated by its first signing).

`Figures.to_dict()` / `Figures.from_dict()` (domain.followup) give the JSON form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.enums import Gender, PlacementOutcome, PlacementType, StartStatus
from ..domain.followup import (
    ActivityFact,
    CertificateFact,
    Facts,
    Figures,
    Period,
    PersonFact,
    PlacementFact,
    SignedModuleFact,
    compute_figures,
    parse_period,
    previous_half_years,
)
from ..storage import followup_rows
from ..storage.database import Tx
from .base import Service
from .import_speed import paused_gc


def signed_modules(rows: list[tuple[Any, ...]]) -> list[SignedModuleFact]:
    """Signoff rows (storage.followup_rows.signoffs) → one fact per enrollment whose
    chain has a signoff that stands (not reopened), dated by the chain's first signing,
    with the standing signoff's module."""
    chains: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        chains.setdefault(r[0], []).append(r)
    out = []
    for chain in chains.values():
        standing = [r for r in chain if not r[3]]
        if not standing:
            continue
        first = min(r[2] for r in chain)
        s = max(standing, key=lambda r: r[2])
        out.append(SignedModuleFact(s[1], first, s[4], int(s[5]), float(s[6]), int(s[7]), s[8]))
    return out


@dataclass(frozen=True)
class Ownership:
    """Which placements, signoffs and certificates are this company's in the figures:
    those an installation of its workplace made (known from this database or the network
    file); for an installation known nowhere here, those of a participant at home here.
    Set lookups, built once per read (20,000 placements in bench_stats.py)."""

    mine: frozenset[str]  # this workplace's installations
    others: frozenset[str]  # every other known installation
    home_here: frozenset[str]  # participants whose workplace is this one

    def ours(self, origin: str | None, participant_id: str) -> bool:
        return origin in self.mine or (
            origin not in self.others and participant_id in self.home_here
        )


class StatisticsService(Service):
    def ownership(self, tx: Tx, people: list[tuple[Any, ...]]) -> Ownership:
        """This company's `Ownership`; `people` as followup_rows.participants gives them.
        Installations: this database's, and the network file's (revoked ones too: what
        they made stays their company's)."""
        installations = followup_rows.installation_workplaces(tx)
        net = self.app.exchange.trust.network() or {}
        for inst in net.get("installations", []):
            if isinstance(inst, dict) and inst.get("id") and inst.get("workplace_id"):
                installations.setdefault(str(inst["id"]), str(inst["workplace_id"]))
        own = self.app.setup.installation().workplace_id
        mine = frozenset(i for i, w in installations.items() if w == own)
        return Ownership(
            mine,
            frozenset(installations.keys() - mine),
            frozenset(r[0] for r in people if r[3] == own),
        )

    def facts(self) -> Facts:
        with paused_gc():
            return self._facts()

    def _facts(self) -> Facts:
        with self.db.reader() as tx:
            return self.facts_in(tx)[0]

    def facts_in(self, tx: Tx) -> tuple[Facts, Ownership]:
        """`facts()` within a read the caller holds, with the `Ownership` it used (the
        report reads its certificate register in the same read)."""
        people = followup_rows.participants(tx)
        placements = followup_rows.placements(tx)
        signoffs = followup_rows.signoffs(tx)
        certs = followup_rows.certificates(tx)
        judged = followup_rows.judgements(tx)
        staff = followup_rows.supervisor_workplaces(tx)
        ownership = self.ownership(tx, people)
        ours = ownership.ours
        own = self.app.setup.installation().workplace_id
        placements = [r for r in placements if ours(r[9], r[1])]
        signoffs = [r for r in signoffs if ours(r[10], r[1])]
        certs = [c for c in certs if ours(c[3], c[4])]
        judged = [j for j in judged if staff.get(j[0]) == own]
        types = {t.value: t for t in PlacementType}
        statuses: dict[str | None, StartStatus | None] = {s.value: s for s in StartStatus}
        outcomes: dict[str | None, PlacementOutcome | None] = {o.value: o for o in PlacementOutcome}
        genders = {g.value: g for g in Gender}
        unknown = PlacementOutcome.UNKNOWN
        activity = {(r[9], r[2]) for r in signoffs if staff.get(r[9]) == own} | set(judged)
        facts = Facts(
            persons=tuple(
                PersonFact(i, genders.get(g, Gender.NOT_STATED), y) for i, g, y, _w in people
            ),
            placements=tuple(
                PlacementFact(
                    r[0],
                    r[1],
                    types[r[2]],
                    r[3],
                    r[4],
                    r[5],
                    None if r[6] is None else outcomes.get(r[6], unknown),
                    statuses.get(r[7]),
                    r[8],
                )
                for r in placements
            ),
            modules=tuple(signed_modules(signoffs)),
            certificates=tuple(CertificateFact(c[0], c[1], c[2]) for c in certs),
            activity=tuple(ActivityFact(s, d) for s, d in sorted(activity)),
        )
        return facts, ownership

    def figures(self, period: Period, facts: Facts | None = None) -> Figures:
        # One pause over reading and computing: re-enabling the collector in between
        # let it sweep the freshly read facts at once (tens of ms in bench_stats.py).
        with paused_gc():
            return compute_figures(facts if facts is not None else self._facts(), period)

    def figures_for(self, text: str) -> Figures:
        return self.figures(parse_period(text))

    def trend(self, period: Period, n: int = 4, facts: Facts | None = None) -> list[Figures]:
        with paused_gc():
            data = facts if facts is not None else self._facts()
            return [compute_figures(data, p) for p in previous_half_years(period, n)]

    def today(self) -> dt.date:
        return dt.date.today()
