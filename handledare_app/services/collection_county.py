"""Coompanion's county view over the collected reports (FOLLOWUP.md §6, C3): which
companies in the network file have reported for a period, the figures per company, per
municipality and in total (computed over the union of the companies' records, with the
supervisor counts of their signed summaries added up), and the trend over the last
half-years. `CountyViews` is the part of `CollectionService` that answers these; the
parsed records of stored reports are cached, as a stored report never changes.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from ..domain.followup import (
    CertificateFact,
    Facts,
    Figures,
    Period,
    PersonFact,
    PlacementFact,
    SignedModuleFact,
    compute_figures,
    previous_half_years,
)
from ..domain.municipalities import municipality_name
from ..storage.collection_rows import (
    ReportHead,
    period_summaries,
    report_heads,
    report_records,
)
from ..storage.database import Tx
from .base import Service
from .collection_check import parse_facts


@dataclass(frozen=True)
class CompanyStatus:
    workplace_id: str
    name: str
    municipality: str | None
    reported: bool
    latest_package: str | None  # created_at (date) of the company's latest package
    latest_period: str | None


@dataclass(frozen=True)
class CountyView:
    period: Period
    companies: list[CompanyStatus]
    total: Figures | None
    per_company: dict[str, Figures]  # workplace name (made distinct) → figures
    per_municipality: dict[str, Figures]  # municipality code ("" unknown) → figures

    @property
    def reporting(self) -> int:
        return sum(1 for c in self.companies if c.reported)

    @property
    def missing(self) -> list[CompanyStatus]:
        return [c for c in self.companies if not c.reported]


# Parsed facts of stored reports, by (database, report id): a stored report never
# changes (a correction is a new report with a new id), so this never goes stale.
_PARSED: OrderedDict[tuple[str, str], Facts] = OrderedDict()
_PARSED_MAX = 64


def _stored_facts(tx: Tx, db_path: str, head: ReportHead) -> Facts:
    key = (db_path, head.id)
    facts = _PARSED.get(key)
    if facts is None:
        records = report_records(tx, head.id)
        facts, _register = parse_facts(records, prefix=f"{head.workplace_id}:")
        _PARSED[key] = facts
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    return facts


class CountyViews(Service):
    """The county view of `CollectionService` (which inherits it)."""

    def periods(self) -> list[Period]:
        with self.db.reader() as tx:
            rows = report_heads(tx)
            seen = {(r.period_start, r.period_end, r.period) for r in rows}
        return sorted((Period(s, e, label) for s, e, label in seen), key=lambda p: p.end)

    def companies(self, period: Period) -> list[CompanyStatus]:
        """Every workplace in the network file (but Coompanion's own), reported or not."""
        net = self.app.exchange.trust.network() or {}
        own_wp = self.app.setup.installation().workplace_id
        with self.db.reader() as tx:
            rows = report_heads(tx)
        latest: dict[str, ReportHead] = {}
        reported: dict[str, ReportHead] = {}
        for row in rows:
            if (
                row.workplace_id not in latest
                or row.created_at > latest[row.workplace_id].created_at
            ):
                latest[row.workplace_id] = row
            if (row.period_start, row.period_end) == (period.start, period.end):
                reported[row.workplace_id] = row
        names = {str(w["id"]): str(w.get("name", "")) for w in net.get("workplaces", [])}
        for row in rows:  # a company that left the network file still shows what it sent
            names.setdefault(row.workplace_id, row.workplace_name)
        out = []
        for wp_id, name in names.items():
            if wp_id == own_wp:
                continue
            last = latest.get(wp_id)
            rep = reported.get(wp_id)
            source = rep or last
            out.append(
                CompanyStatus(
                    wp_id,
                    name or (last.workplace_name if last else ""),
                    source.municipality if source is not None else None,
                    rep is not None,
                    last.created_at[:10] if last else None,
                    last.period if last else None,
                )
            )
        return sorted(out, key=lambda c: c.name.casefold())

    def county(self, period: Period, *, breakdowns: bool = True) -> CountyView:
        """The county view; without `breakdowns` only the total (per company and per
        municipality left empty), for the trend."""
        companies = self.companies(period)
        per_company: dict[str, Figures] = {}
        groups: dict[str, list[tuple[Facts, int]]] = {}
        parsed: list[tuple[Facts, int]] = []
        with self.db.reader() as tx:
            rows = period_summaries(tx, period.start, period.end)
            names = _distinct_names(rows)
            for head, summary in rows:
                per_company[names[head.id]] = Figures.from_dict(summary)
                facts = _stored_facts(tx, str(self.db.path), head)
                item = (facts, int(summary.get("active_supervisors", 0)))
                parsed.append(item)
                groups.setdefault(head.municipality or "", []).append(item)
        per_municipality = {m: _union(period, g) for m, g in groups.items()} if breakdowns else {}
        total = _union(period, parsed) if rows else None
        return CountyView(period, companies, total, per_company, per_municipality)

    def trend(self, period: Period, n: int = 4) -> list[Figures]:
        """County totals of the last `n` half-years up to the period's, oldest first
        (zeros where nobody reported)."""
        out = []
        for p in previous_half_years(period, n):
            total = self.county(p, breakdowns=False).total
            out.append(total if total is not None else compute_figures(Facts(), p))
        return out


def _distinct_names(rows: list[tuple[ReportHead, dict[str, Any]]]) -> dict[str, str]:
    """report id → the company's name, with its municipality (or a short id) added where
    two reporting companies share a name, so neither hides the other per company."""
    count = Counter(head.workplace_name for head, _s in rows)
    out: dict[str, str] = {}
    for head, _s in sorted(rows, key=lambda r: r[0].workplace_id):
        name = head.workplace_name
        if count[name] > 1:
            name = f"{name} ({municipality_name(head.municipality or None)})"
        if name in out.values():
            name = f"{name} [{head.workplace_id[-6:]}]"
        out[head.id] = name
    return out


def _union(period: Period, parts: list[tuple[Facts, int]]) -> Figures:
    """Figures over several companies' facts (pseudonyms already kept apart), with the
    supervisor counts of their summaries added up."""
    persons: list[PersonFact] = []
    placements: list[PlacementFact] = []
    modules: list[SignedModuleFact] = []
    certificates: list[CertificateFact] = []
    for facts, _supervisors in parts:
        persons.extend(facts.persons)
        placements.extend(facts.placements)
        modules.extend(facts.modules)
        certificates.extend(facts.certificates)
    figures = compute_figures(
        Facts(tuple(persons), tuple(placements), tuple(modules), tuple(certificates)), period
    )
    return dataclasses.replace(figures, active_supervisors=sum(n for _f, n in parts))
