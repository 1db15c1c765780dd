"""Synkronisera over a long run (issue 11): the property test's scenario, timed.

Three laptops of one workplace (tests/sync_scenario.py, the driver the property test
uses): random edits incl. photos, judgements, signing, reopening, deletion; syncing
through one folder in random order; packages deleted at random before they are read.
Per seed, ROUNDS rounds, then everyone syncs until settled, and the end is checked: the
three `summary --json` digests are equal (the script fails otherwise).

Printed per seed: medians per sync of the write (this laptop's package) and the read
(every unread package in the folder), the median and largest package written, and a
baseline measured in the same run on the same data: a plain full export of everything
(the invitation's package, `invite`) and its import into an empty laptop (`join`).
Ratios: sync write ÷ full export, sync read ÷ full import, package ÷ full package.

    python benchmarks/bench_sync.py [--rounds 200] [--seeds 1,2,3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # MonkeyPatch: the invitation's fast stand-in seal (tests/sync_helpers.py)

from handledare_app.services.app import App, open_app
from tests.exchange_helpers import digests
from tests.helpers import build_set_up_dir
from tests.sync_helpers import fast_seal
from tests.sync_scenario import run_rounds, settle, three_laptops


@dataclass
class Timings:
    write: list[float] = field(default_factory=list)
    read: list[float] = field(default_factory=list)  # syncs that read at least one package
    size: list[int] = field(default_factory=list)
    packages_read: int = 0


def timed_sync(timings: Timings) -> Any:
    """A sync that times its read (every import) and write (the export) apart."""

    def sync(app: App, folder: Path) -> object:
        spent = {"read": 0.0, "write": 0.0, "reads": 0}
        exchange = app.exchange
        real_import, real_export = exchange.import_file, exchange.export

        def import_file(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return real_import(*args, **kwargs)
            finally:
                spent["read"] += time.perf_counter() - t
                spent["reads"] += 1

        def export(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return real_export(*args, **kwargs)
            finally:
                spent["write"] += time.perf_counter() - t

        exchange.import_file = import_file  # type: ignore[method-assign]
        exchange.export = export  # type: ignore[method-assign]
        try:
            report = app.sync.run(folder)
        finally:
            del exchange.import_file, exchange.export
        if report.written:
            timings.write.append(spent["write"])
            timings.size.append((folder / report.written).stat().st_size)
        if spent["reads"]:
            timings.read.append(spent["read"])
            timings.packages_read += report.read
        return report

    return sync


def baseline(a: App, tmp: Path, repeat: int = 3) -> tuple[float, float, int]:
    """Median full export (invite) and full import (join) of the same data, and size."""
    exports, imports, size = [], [], 0
    for n in range(repeat):
        t = time.perf_counter()
        inv = a.joining.invite(None, tmp / f"full-{n}.hinbjudan")
        exports.append(time.perf_counter() - t)
        size = inv.path.stat().st_size
        fresh = open_app(tmp / f"full-{n}")
        try:
            t = time.perf_counter()
            fresh.joining.join(inv.path, inv.code, f"Mätning {n}")
            imports.append(time.perf_counter() - t)
        finally:
            fresh.close()
    return statistics.median(exports), statistics.median(imports), size


def run_seed(seed: int, rounds: int, template: Path, root: Path) -> dict[str, Any]:
    shutil.copytree(template, root / "a")
    a = open_app(root / "a")
    me = a.supervisors.list()[0].id
    folder = root / "sticka"
    folder.mkdir()
    laptops = three_laptops(a, root)
    timings = Timings()
    sync = timed_sync(timings)
    t0 = time.perf_counter()
    try:
        rng = random.Random(seed)
        owned: list[list[str]] = [[], [], []]
        run_rounds(rng, laptops, me, owned, folder, root, rounds, sync=sync)
        settle(laptops, folder, sync=sync)
        elapsed = time.perf_counter() - t0
        first = digests(laptops[0])
        for laptop in laptops[1:]:
            if digests(laptop) != first:
                raise SystemExit(f"seed {seed}: the laptops did not converge")
        full_export, full_import, full_size = baseline(a, root)
        return {
            "seed": seed,
            "elapsed": elapsed,
            "syncs": len(timings.write),
            "packages_read": timings.packages_read,
            "write": statistics.median(timings.write),
            "read": statistics.median(timings.read),
            "size": statistics.median(timings.size),
            "size_max": max(timings.size),
            "full_export": full_export,
            "full_import": full_import,
            "full_size": full_size,
            "records": sum(v["count"] for v in first.values()),
        }
    finally:
        for laptop in laptops:
            laptop.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    monkeypatch = pytest.MonkeyPatch()
    fast_seal(monkeypatch)  # the invitation's scrypt is not what is measured
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
            template = Path(tmp) / "template"
            build_set_up_dir(template)
            for seed in seeds:
                r = run_seed(seed, args.rounds, template, Path(tmp) / f"seed-{seed}")
                results.append(r)
                print(
                    f"seed {seed}: {args.rounds} rounds in {r['elapsed']:.1f} s, "
                    f"{r['records']} records, {r['syncs']} syncs, "
                    f"{r['packages_read']} packages read; converged (digests equal)"
                )
                print(
                    f"  per sync (median): write {r['write'] * 1000:.0f} ms, "
                    f"read {r['read'] * 1000:.0f} ms, package {r['size'] / 1024:.0f} KB "
                    f"(largest {r['size_max'] / 1024:.0f} KB)"
                )
                print(
                    f"  baseline, full export+import of the same data: export "
                    f"{r['full_export'] * 1000:.0f} ms, import {r['full_import'] * 1000:.0f} ms, "
                    f"package {r['full_size'] / 1024:.0f} KB"
                )
                print(
                    f"  ratio: write/full export {r['write'] / r['full_export']:.2f}, "
                    f"read/full import {r['read'] / r['full_import']:.2f}, "
                    f"package/full package {r['size'] / r['full_size']:.2f}"
                )
    finally:
        monkeypatch.undo()
    if len(results) > 1:
        print(
            "all seeds (median of medians): "
            f"write/full export {statistics.median(r['write'] / r['full_export'] for r in results):.2f}, "
            f"read/full import {statistics.median(r['read'] / r['full_import'] for r in results):.2f}, "
            f"package/full package {statistics.median(r['size'] / r['full_size'] for r in results):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
