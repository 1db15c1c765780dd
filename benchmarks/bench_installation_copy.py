"""Säkerhetskopiera till… with many photos: time and peak memory, against a plain copy.

Builds an installation whose evidence carries `--photos` files of `--mb-each` MB
(random bytes, like JPEGs they do not compress), then, each in a fresh child process
so peak memory (ru_maxrss) belongs to that step alone:

- baseline: `shutil.copytree` of the data folder (plain disk copy, no encryption);
- write: `write_copy` (snapshot, tar, age, fsync, then read back and verify);
- restore: `restore_copy` into a new folder (decrypt, check every hash, move in place).

Prints the median of `--runs` for each, the ratio to the baseline, and peak memory.

    python benchmarks/bench_installation_copy.py [--photos 200] [--mb-each 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

PASS = "bänkens långa lösenfras"


def build(root: Path, photos: int, mb_each: int) -> None:
    from handledare_app.domain.enums import EvidenceType, PlacementType, Referrer
    from handledare_app.services.app import open_app

    app = open_app(root)
    try:
        admin = app.setup.set_up("Bänkverkstan", "Mätdatorn", "Åsa Öberg", "4821")
        p = app.participants.create(
            admin,
            first_name="Bänk",
            last_name="Test",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.MUNICIPALITY,
            start_date=dt.date(2026, 1, 1),
        )
        app.participants.set_photo_consent(admin, p.id, True, dt.date(2026, 1, 1))
        ev = app.evidence.add(
            admin, p.id, type=EvidenceType.PHOTO, date=dt.date(2026, 2, 1), title="Bilder"
        )
        src = root.parent / "src.jpg"
        for _ in range(photos):
            # A JPEG header so the file is accepted as a photo; the rest random.
            src.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(mb_each * 1024 * 1024))
            app.evidence.add_attachment(admin, ev.id, src)
        src.unlink()
    finally:
        app.close()


def _child(step: str, data: str, target: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from handledare_app.services import installation_copy as ic
    from handledare_app.services.paths import DataPaths

    t0 = time.perf_counter()
    if step == "baseline":
        shutil.copytree(data, target)
    elif step == "write":
        ic.write_copy(DataPaths(Path(data)), Path(target), PASS)
    else:
        ic.restore_copy(Path(data), PASS, Path(target))
    seconds = time.perf_counter() - t0
    out.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run_step(step: str, data: Path, target: Path) -> tuple[float, float]:
    ctx = mp.get_context("spawn")
    q: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=_child, args=(step, str(data), str(target), q))
    proc.start()
    result = q.get()
    proc.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--mb-each", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        build(data, args.photos, args.mb_each)
        size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        print(f"installation: {size / 2**20:.0f} MB ({args.photos} photos)")
        results: dict[str, list[tuple[float, float]]] = {"baseline": [], "write": [], "restore": []}
        for i in range(args.runs):
            copy = root / f"copy-{i}"
            results["baseline"].append(run_step("baseline", data, copy))
            shutil.rmtree(copy)
            file = root / f"kopia-{i}.hkopia"
            results["write"].append(run_step("write", data, file))
            restored = root / f"restored-{i}"
            results["restore"].append(run_step("restore", file, restored))
            file.unlink()
            shutil.rmtree(restored)
        base = statistics.median(s for s, _ in results["baseline"])
        for step, rows in results.items():
            secs = statistics.median(s for s, _ in rows)
            peak = max(m for _, m in rows)
            print(
                f"{step:9} median {secs:6.2f} s  {size / 2**20 / secs:7.1f} MB/s  "
                f"ratio to baseline {secs / base:5.2f}  peak RSS {peak:6.1f} MB"
            )


if __name__ == "__main__":
    main()
