"""The half-year follow-up figures for this company (FOLLOWUP.md), without Qt.

Stable API:

- `app.statistics.facts() -> Facts`: this company's placements, signed modules,
  certificates and supervisor activity (with every participant for their gender and
  birth year), read once (domain.followup's input types). A record is this company's
  when one of its computers made it (`company_of`): a participant who moved here from
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


def company_of(
    origin: str | None, participant_id: str, installations: dict[str, str], people: dict[str, str]
) -> str | None:
    """The workplace a placement, signoff or certificate belongs to in the figures: that
    of the installation that made it (from this database or the network file), else,
    for an installation known nowhere here, that of the participant."""
    found = installations.get(origin) if origin else None
    return found if found is not None else people.get(participant_id)


class StatisticsService(Service):
    def installation_workplaces(self, tx_map: dict[str, str]) -> dict[str, str]:
        """installation id → workplace id: this database's installations, and the
        network file's (revoked ones too: what they made stays their company's)."""
        out = dict(tx_map)
        net = self.app.exchange.trust.network() or {}
        for inst in net.get("installations", []):
            if isinstance(inst, dict) and inst.get("id") and inst.get("workplace_id"):
                out.setdefault(str(inst["id"]), str(inst["workplace_id"]))
        return out

    def facts(self) -> Facts:
        with paused_gc():
            return self._facts()

    def _facts(self) -> Facts:
        with self.db.reader() as tx:
            people = followup_rows.participants(tx)
            placements = followup_rows.placements(tx)
            signoffs = followup_rows.signoffs(tx)
            certs = followup_rows.certificates(tx)
            judged = followup_rows.judgements(tx)
            known = followup_rows.installation_workplaces(tx)
            staff = followup_rows.supervisor_workplaces(tx)
        own = self.app.setup.installation().workplace_id
        installations = self.installation_workplaces(known)
        # company_of, inlined as set lookups (20,000 placements in bench_stats.py).
        mine = {i for i, w in installations.items() if w == own}
        others = installations.keys() - mine
        home_here = {r[0] for r in people if r[3] == own}
        placements = [
            r for r in placements if r[9] in mine or (r[9] not in others and r[1] in home_here)
        ]
        signoffs = [
            r for r in signoffs if r[10] in mine or (r[10] not in others and r[1] in home_here)
        ]
        certs = [c for c in certs if c[3] in mine or (c[3] not in others and c[4] in home_here)]
        judged = [j for j in judged if staff.get(j[0]) == own]
        types = {t.value: t for t in PlacementType}
        statuses: dict[str | None, StartStatus | None] = {s.value: s for s in StartStatus}
        outcomes: dict[str | None, PlacementOutcome | None] = {o.value: o for o in PlacementOutcome}
        genders = {g.value: g for g in Gender}
        unknown = PlacementOutcome.UNKNOWN
        activity = {(r[9], r[2]) for r in signoffs if staff.get(r[9]) == own} | set(judged)
        return Facts(
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
