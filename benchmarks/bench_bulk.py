"""Bulk creation through the services against raw sqlite3.executemany, same run.

Creates N participants with E evidence items each through the services (one
transaction per call, as the app does: WAL, synchronous=FULL, audit chain,
sync stamping), then inserts equivalent rows with executemany into a bare
SQLite file with the same pragmas. Prints rows/s for both and the ratio.

    python benchmarks/bench_bulk.py [--participants 1000] [--evidence 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from handledare_app.domain.enums import EvidenceQuality, EvidenceType, PlacementType, Referrer
from handledare_app.services.app import open_app


def through_services(root: Path, n: int, e: int) -> tuple[float, int, list[float]]:
    app = open_app(root / "svc")
    admin = app.setup.set_up("Bänkverkstan", "Mätdatorn", "Åsa Öberg", "4821")
    per_evidence: list[float] = []
    rows = 0
    t0 = time.perf_counter()
    for i in range(n):
        p = app.participants.create(
            admin,
            first_name=f"Deltagare {i}",
            last_name="Test",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.MUNICIPALITY,
            start_date=dt.date(2026, 1, 1),
        )
        rows += 1 + 1 + 8 + 1  # participant, placement, checklist, work plan
        for j in range(e):
            s = time.perf_counter()
            app.evidence.add(
                admin,
                p.id,
                type=EvidenceType.OBSERVATION,
                date=dt.date(2026, 3, 1),
                title=f"Observation {j}",
                description="Sorterade varor enligt rutinen.",
                quality={EvidenceQuality.VALID},
            )
            per_evidence.append(time.perf_counter() - s)
            rows += 1
    elapsed = time.perf_counter() - t0
    app.close()
    return elapsed, rows, per_evidence


def raw_executemany(root: Path, n: int, e: int) -> tuple[float, int]:
    con = sqlite3.connect(root / "raw.sqlite")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    cols = (
        "id TEXT PRIMARY KEY, created_at TEXT, updated_at TEXT, hlc TEXT, vv TEXT, "
        "field_clock TEXT, origin TEXT"
    )
    con.execute(f"CREATE TABLE participant ({cols}, first_name TEXT, last_name TEXT)")
    con.execute(f"CREATE TABLE placement ({cols}, participant_id TEXT, type TEXT, start TEXT)")
    con.execute(f"CREATE TABLE introduction_item ({cols}, participant_id TEXT, label TEXT)")
    con.execute(f"CREATE TABLE work_plan ({cols}, participant_id TEXT)")
    con.execute(
        f"CREATE TABLE evidence ({cols}, participant_id TEXT, type TEXT, date TEXT, "
        "title TEXT, description TEXT, quality TEXT)"
    )
    now = "2026-11-22T10:00:00.000000Z"
    sync = (now, now, "hlc", json.dumps({"a": 1}), json.dumps({"x": "hlc"}), "origin")
    parts, places, items, plans, evs = [], [], [], [], []
    for i in range(n):
        pid = str(uuid.uuid4())
        parts.append((pid, *sync, f"Deltagare {i}", "Test"))
        places.append((str(uuid.uuid4()), *sync, pid, "work_training", "2026-01-01"))
        items += [(str(uuid.uuid4()), *sync, pid, "punkt") for _ in range(8)]
        plans.append((str(uuid.uuid4()), *sync, pid))
        evs += [
            (
                str(uuid.uuid4()),
                *sync,
                pid,
                "observation",
                "2026-03-01",
                f"Observation {j}",
                "Sorterade varor enligt rutinen.",
                '["valid"]',
            )
            for j in range(e)
        ]
    t0 = time.perf_counter()
    with con:
        con.executemany("INSERT INTO participant VALUES (?,?,?,?,?,?,?,?,?)", parts)
        con.executemany("INSERT INTO placement VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO introduction_item VALUES (?,?,?,?,?,?,?,?,?)", items)
        con.executemany("INSERT INTO work_plan VALUES (?,?,?,?,?,?,?,?)", plans)
        con.executemany("INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", evs)
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed, len(parts) + len(places) + len(items) + len(plans) + len(evs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--participants", type=int, default=1000)
    ap.add_argument("--evidence", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw_s, raw_rows = raw_executemany(root, args.participants, args.evidence)
        svc_s, svc_rows, per_ev = through_services(root, args.participants, args.evidence)
    svc_rate, raw_rate = svc_rows / svc_s, raw_rows / raw_s
    print(f"participants={args.participants} evidence/participant={args.evidence}")
    print(
        f"services:        {svc_rows} rows in {svc_s:.1f} s = {svc_rate:,.0f} rows/s "
        f"(one transaction per call)"
    )
    print(
        f"  evidence.add:  median {statistics.median(per_ev) * 1000:.2f} ms, "
        f"p95 {sorted(per_ev)[int(len(per_ev) * 0.95)] * 1000:.2f} ms"
    )
    print(
        f"raw executemany: {raw_rows} rows in {raw_s:.2f} s = {raw_rate:,.0f} rows/s "
        f"(one transaction)"
    )
    print(f"ratio services/raw: {svc_rate / raw_rate:.4f}")


if __name__ == "__main__":
    main()
