"""Start-up: process start until the main window is shown, 1,000 participants.

Against a bare PySide6 process that shows an empty QMainWindow, measured in
the same run, alternating, offscreen. Each child prints the wall-clock time at
which its window has been shown and the event loop has run once; the parent
subtracts the time just before it started the process. The app child takes
run_gui's path: show the window, then open_app in a worker (lock, quick_check,
backup, schema check), PIN login (scrypt) and the pages with the participant
list. It reports both moments: window shown (the target, ≤ 2.0 × bare) and
ready to work.

    python benchmarks/bench_startup.py [--participants 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handledare_app.domain.enums import AssessmentStatus, EvidenceType, PlacementType, Referrer
from handledare_app.services.app import open_app

PIN = "4821"

BASELINE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
qt = QApplication(sys.argv)
w = QMainWindow()
w.resize(1366, 768)
w.show()
qt.processEvents()
print(time.time())
"""

# The path run_gui takes (ui.startup.Startup in the one event loop), with the PIN typed by
# the script instead of a person: ready once the participant list's rows have arrived.
APP = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from handledare_app.ui import tasks
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.qt_app import create_qapplication
from handledare_app.ui.startup import Startup
qt = create_qapplication()
w = MainWindow()
w.resize(1366, 768)
w.show()
qt.processEvents()
shown = time.time()

def log_in(app):
    admin = next(s for s in app.supervisors.list() if s.is_admin)
    return app, app.supervisors.login(admin.id, sys.argv[2])

startup = Startup(qt, w, Path(sys.argv[1]), session=log_in)
startup.begin()
stamps = {}

def poll():
    if w.user is not None and not tasks.pending():
        stamps["ready"] = time.time()
        qt.exit(0)
    elif not stamps:
        QTimer.singleShot(5, poll)

QTimer.singleShot(5, poll)
code = startup.finish(qt.exec())
assert code == 0 and "ready" in stamps, code
print(shown, stamps["ready"])
"""


def build_database(root: Path, n: int) -> Path:
    data = root / "data"
    with open_app(data) as app:
        admin = app.setup.set_up("Startverkstan", "Mätdatorn", "Åsa Öberg", PIN)
        codes = [m.code for m in app.catalogue.modules()]
        for i in range(n):
            p = app.participants.create(
                admin,
                first_name=f"Deltagare {i:04d}",
                last_name="Test",
                placement_type=PlacementType.WORK_TRAINING,
                referrer=Referrer.MUNICIPALITY,
                start_date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
                responsible_id=admin,
            )
            e = app.journey.enroll(admin, p.id, codes[i % len(codes)])
            first = app.assessment.enrollment(e).module.criteria[0]
            app.evidence.add(  # OCN: Uppnådd needs linked evidence
                admin,
                p.id,
                type=EvidenceType.OBSERVATION,
                date=dt.date(2026, 2, 1),
                title="Observation",
                criterion_ids=[first.id],
            )
            app.assessment.judge(admin, e, first.id, AssessmentStatus.ACHIEVED)
    return data


def time_child(code: str, *args: str) -> list[float]:
    """Seconds from process start to each time stamp the child prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    return [float(x) - start for x in out.strip().splitlines()[-1].split()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--participants", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        data = build_database(Path(tmp), args.participants)
        print(f"built {args.participants} participants in {time.perf_counter() - t:.1f} s")
        time_child(BASELINE)  # warm the file cache for both
        time_child(APP, str(data), PIN)
        base: list[float] = []
        shown: list[float] = []
        ready: list[float] = []
        for _ in range(args.runs):
            base.append(time_child(BASELINE)[0])
            s, r = time_child(APP, str(data), PIN)
            shown.append(s)
            ready.append(r)
    mb = statistics.median(base)
    for label, values in (
        ("bare QMainWindow", base),
        ("app window shown", shown),
        ("app ready (logged in, pages filled)", ready),
    ):
        runs = ", ".join(f"{x * 1000:.0f}" for x in values)
        print(f"{label:37} median {statistics.median(values) * 1000:5.0f} ms  (runs: {runs})")
    print(f"ratio shown/bare: {statistics.median(shown) / mb:.2f} (target ≤ 2.0)")
    print(f"ratio ready/bare: {statistics.median(ready) / mb:.2f}")


if __name__ == "__main__":
    main()
