"""Half-year figures over a large company against one plain SQL GROUP BY, same run.

Builds 10,000 participants with 20,000 placements (two each: the second starts the day
after the first ends; genders, types, referrers, start situations, exits and a few
felregistreringar spread over three years), then times:

- figures: `app.statistics.figures(period)`: every figure 1–17 read through storage
  and computed in Python (target ≤ 200 ms);
- compute only: `app.statistics.figures(period, facts)` on facts already read;
- baseline: one `SELECT type, count(*) … GROUP BY type` for the placements active on
  the mätdag, over the same rows.

Prints medians and the ratio figures / baseline.

    python benchmarks/bench_stats.py [--participants 10000] [--repeat 7] [--period 2026H1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from handledare_app.domain.enums import (
    Gender,
    PlacementOutcome,
    PlacementType,
    Referrer,
    StartStatus,
)
from handledare_app.domain.followup import parse_period
from handledare_app.domain.ids import new_id
from handledare_app.services.app import open_app
from handledare_app.storage import exchange_writes, followup_rows


def build(root: Path, n: int, seed: int = 10) -> None:
    rng = random.Random(seed)
    app = open_app(root)
    admin = app.setup.set_up("Bänkverkstan", "Mätdatorn", "Åsa Öberg", "4821")
    wp = app.setup.workplace().id
    exits = [o.value for o in PlacementOutcome]
    with app.db.transaction(admin) as tx:
        people = exchange_writes.stamp_new_rows(
            tx,
            "participant",
            [
                {
                    "id": new_id(),
                    "workplace_id": wp,
                    "first_name": f"Deltagare {i}",
                    "last_name": "Testsson",
                    "personnummer": None,
                    "birth_year": rng.choice([None, *range(1960, 2010)]),
                    "phone": "",
                    "email": "",
                    "responsible_id": admin,
                    "stage": "follow_up",
                    "photo_consent": False,
                    "photo_consent_date": None,
                    "gender": rng.choice([g.value for g in Gender]),
                }
                for i in range(n)
            ],
        )
        rows = []
        for p in people:
            start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
            end = start + dt.timedelta(days=rng.randint(20, 300))
            kind = rng.choice([t.value for t in PlacementType])
            for second in (False, True):
                ends = not second or rng.random() < 0.5
                rows.append(
                    {
                        "participant_id": p["id"],
                        "type": "employment" if second and rng.random() < 0.4 else kind,
                        "referrer": rng.choice([r.value for r in Referrer]),
                        "start_date": start,
                        "planned_end_date": None,
                        "end_date": end if ends else None,
                        "outcome": rng.choice(exits) if ends else None,
                        "start_status": rng.choice([None, *(s.value for s in StartStatus)]),
                        "wage_subsidy": second and rng.random() < 0.3,
                    }
                )
                start = end + dt.timedelta(days=1)
                end = start + dt.timedelta(days=rng.randint(20, 400))
        exchange_writes.stamp_new_rows(tx, "placement", rows)
    app.close()


def median_ms(fn: object, repeat: int) -> tuple[float, float]:
    """Medians of wall-clock and of this process's CPU time, in ms. The machine is
    shared: the CPU time is what the code costs, the wall time also holds the waits
    for a core."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--period", default="2025H1")
    args = ap.parse_args()
    period = parse_period(args.period)
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as tmp:
        root = Path(tmp) / "data"
        t0 = time.perf_counter()
        build(root, args.participants)
        print(f"byggt på {time.perf_counter() - t0:.1f} s")
        app = open_app(root, backup_at_start=False)
        try:
            f = app.statistics.figures(period)  # warm: imports, page cache
            facts = app.statistics.facts()
            print(
                f"{args.participants} deltagare, {len(facts.placements)} placeringar; "
                f"{args.period}: aktiva på mätdagen {f.active.total}, nya {f.started.total}, "
                f"avslutade {f.ended.total}, deltagare {f.participants.total}"
            )

            def baseline() -> None:
                with app.db.reader() as tx:
                    followup_rows.placement_counts_by_type(tx, period.reference_day)

            figures_ms = median_ms(lambda: app.statistics.figures(period), args.repeat)
            read_ms = median_ms(app.statistics.facts, args.repeat)
            compute_ms = median_ms(lambda: app.statistics.figures(period, facts), args.repeat)
            base_ms = median_ms(baseline, args.repeat)
        finally:
            app.close()
    rows = [
        ("figurer 1–17 (läsa + räkna)", figures_ms, "  (mål ≤ 200 ms)"),
        ("  varav läsa fakta", read_ms, ""),
        ("  varav räkna (figures på fakta)", compute_ms, ""),
        ("baslinje: en SQL GROUP BY", base_ms, ""),
    ]
    print(f"{'median (ms)':34} {'vägg':>8} {'CPU':>8}")
    for label, (wall, cpu), note in rows:
        print(f"{label:34} {wall:8.1f} {cpu:8.1f}{note}")
    ratio_wall = figures_ms[0] / base_ms[0]
    ratio_cpu = figures_ms[1] / base_ms[1]
    print(f"{'kvot figurer / baslinje':34} {ratio_wall:7.1f}× {ratio_cpu:7.1f}×")


if __name__ == "__main__":
    main()
