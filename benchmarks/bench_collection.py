"""Coompanion's county totals: 12 companies × 1,000 participants (2,000 placements
each) collected, then `CollectionService.county(period)` (checks nothing again: it
parses the stored records and computes figures 1–17 over their union, plus per
municipality). Baseline in the same run: computing one company's figures 12 times
from facts already in memory. Target: county median ≤ 500 ms, the first call (every
stored report parsed, the cache emptied before it) included.

    python benchmarks/bench_collection.py [--runs 7] [--companies 12] [--people 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from handledare_app.domain import followup_records as fr
from handledare_app.domain.enums import Gender, PlacementOutcome, PlacementType, Referrer
from handledare_app.domain.followup import (
    Facts,
    PersonFact,
    PlacementFact,
    SignedModuleFact,
    compute_figures,
    parse_period,
)
from handledare_app.services.app import open_app
from handledare_app.services.collection import CollectionService
from handledare_app.services.collection_check import CheckedReport
from handledare_app.services.collection_county import _PARSED


def facts(rng: random.Random, people: int) -> Facts:
    persons, placements, modules = [], [], []
    for i in range(people):
        pid = f"p{i}"
        persons.append(PersonFact(pid, rng.choice(list(Gender)), rng.randint(1960, 2008)))
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
        for j in range(2):
            end = start + dt.timedelta(days=rng.randint(30, 300))
            ended = rng.random() < 0.6
            placements.append(
                PlacementFact(
                    f"{pid}-{j}",
                    pid,
                    rng.choice(list(PlacementType)),
                    rng.choice(list(Referrer)).value,
                    start,
                    end if ended else None,
                    rng.choice(list(PlacementOutcome)) if ended else None,
                )
            )
            if not ended:
                break
            start = end + dt.timedelta(days=1)
        if rng.random() < 0.3:
            modules.append(SignedModuleFact(pid, start, "BUT-01", 1, 2.0, 2, "butik"))
    return Facts(tuple(persons), tuple(placements), tuple(modules))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--companies", type=int, default=12)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    period = parse_period("2026H1")
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        app = open_app(Path(tmp) / "data")
        app.setup.set_up(
            "Coompanion", "Dator", "Cecilia Holm", "4821", load_example_catalogue=False
        )
        service = CollectionService(app)
        company_facts = []
        for c in range(args.companies):
            f = facts(rng, args.people)
            company_facts.append(f)
            records = {
                "participant": list(fr.participant_lines(f.persons)),
                "placement": list(fr.placement_lines(f.placements)),
                "signed_module": list(fr.module_lines(f.modules)),
                "certificate": [],
            }
            summary = compute_figures(f, period).to_dict()
            service._store(
                Path(f"f{c}.hpkg"),
                CheckedReport(
                    f"pkg-{c}",
                    f"2026-07-0{1 + c % 9}T00:00:00",
                    f"wp-{c}",
                    f"Företag {c}",
                    ["2180", "2181", "2104"][c % 3],
                    f"inst-{c}",
                    "0" * 64,
                    period,
                    "",
                    "",
                    summary,
                    records,
                    [],
                ),
            )
        base, cold, county = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            for f in company_facts:
                compute_figures(f, period)
            base.append(time.perf_counter() - t0)
            _PARSED.clear()  # the first call after start: every stored report parsed
            t0 = time.perf_counter()
            service.county(period)
            cold.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            view = service.county(period)
            county.append(time.perf_counter() - t0)
        assert view.total is not None and view.reporting == args.companies
        app.close()
    b, c = statistics.median(base) * 1000, statistics.median(county) * 1000
    k = statistics.median(cold) * 1000
    print(f"{args.companies} företag × {args.people} deltagare, {args.runs} körningar")
    print(f"baslinje (figurer per företag ur minnet): median {b:.0f} ms")
    print(f"länets summor, första anropet (tolkar):  median {k:.0f} ms  (kvot {k / b:.2f})")
    print(f"länets summor, senare anrop:             median {c:.0f} ms  (kvot {c / b:.2f})")


if __name__ == "__main__":
    main()
