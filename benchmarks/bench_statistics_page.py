"""Opening the Statistik page over 10,000 participants with 20,000 placements (the data
of bench_stats.py): the GUI thread must never block more than 100 ms.

A 5 ms heartbeat timer runs on the GUI thread while the page computes its figures in
the background and then builds its charts and tables; the longest gap between two
heartbeats is how long the window could not react. Baseline in the same run: the same
heartbeat over an idle event loop for as long. Runs offscreen.

    python benchmarks/bench_statistics_page.py [--participants 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from bench_stats import build

from handledare_app.services.app import open_app


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from handledare_app.ui.pages.statistics import StatisticsPageWidget
    from handledare_app.ui.qt_app import create_qapplication

    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    create_qapplication()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        build(root, args.participants)
        app = open_app(root, backup_at_start=False)
        admin = app.supervisors.login(app.supervisors.list()[0].id, "4821")
        page = StatisticsPageWidget(app, admin)
        page.resize(1166, 708)
        page.show()

        def measure(work: object, done: object) -> tuple[float, float]:
            beats: list[float] = [time.perf_counter()]
            timer = QTimer()
            timer.setInterval(5)
            timer.timeout.connect(lambda: beats.append(time.perf_counter()))
            timer.start()
            t0 = time.perf_counter()
            work()  # type: ignore[operator]
            while not done():  # type: ignore[operator]
                QApplication.processEvents()
                time.sleep(0.001)
            elapsed = time.perf_counter() - t0
            timer.stop()
            beats.append(time.perf_counter())
            gaps = [b - a for a, b in itertools.pairwise(beats)]
            return max(gaps) * 1000, elapsed * 1000

        page_gaps, idle_gaps, shown = [], [], []
        for _ in range(args.runs):
            page.company.panel.tables.set_tables([])
            gap, ms = measure(page.refresh, lambda: bool(page.company.panel.tables.views))
            page_gaps.append(gap)
            shown.append(ms)
            end = time.perf_counter() + ms / 1000
            idle, _ = measure(lambda: None, lambda e=end: time.perf_counter() >= e)
            idle_gaps.append(idle)
        app.close()
    g, i, s = statistics.median(page_gaps), statistics.median(idle_gaps), statistics.median(shown)
    print(f"{args.participants} deltagare, {args.runs} körningar")
    print(f"tills siffrorna visas:                  median {s:.0f} ms")
    print(f"längsta blockering av GUI-tråden:       median {g:.0f} ms (max {max(page_gaps):.0f})")
    print(f"baslinje, tom händelseloop lika länge:  median {i:.0f} ms (kvot {g / max(i, 0.1):.1f})")


if __name__ == "__main__":
    main()
