"""The Deltagare page with 10,000 participants, offscreen.

Measures, in one run:
- filter keystroke → view updated: a key typed into the search field (debounce set to
  0 ms so only the work is timed; the real field waits 150 ms after the last key) and
  status/area filter changes, until the proxy holds the new rows and the view has
  processed its events. Baseline: QSortFilterProxyModel.setFilterFixedString over a
  QStandardItemModel with the same rows and columns (Qt's own C++ filter), same keys.
- opening a participant page (a participant with three modules) until it is shown,
  and until its overview (read in a worker) is filled in. Baseline: a bare QTabWidget
  with seven label tabs.
- the list load: time in the worker, and the longest GUI-thread stall while it runs
  (a 5 ms timer's largest gap; the target is < 100 ms), plus the GUI-thread part
  (model reset with 10,000 rows).

Data is created through ParticipantService.create_many (sync columns and audit log
stamped as always), a few hundred get modules through the services.

    python benchmarks/bench_participants_ui.py [--participants 10000] [--runs 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QTabWidget

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.services.app import App, open_app
from handledare_app.services.demo import FIRST_NAMES, LAST_NAMES
from handledare_app.services.participants import NewParticipant
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.pages.participants import _load as load_rows
from handledare_app.ui.participant_list_model import HEADINGS, ListFilter
from handledare_app.ui.qt_app import create_qapplication

PIN = "4821"
ENROLLED = 300
# QTest types ASCII only.
SEARCHES = ["a", "am", "ami", "amin", "b", "be", "ber", "s", "sa", "san", "x", "o", "ol"]


def build(root: Path, n: int) -> tuple[App, str, float]:
    app = open_app(root / "data")
    admin = app.setup.set_up("Bänkverkstan", "Mätdatorn", "Åsa Öberg", PIN)
    rng = random.Random(7)
    t0 = time.perf_counter()
    batch = 1000
    ids: list[str] = []
    for start in range(0, n, batch):
        specs = [
            NewParticipant(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                placement_type=rng.choice(list(PlacementType)),
                referrer=rng.choice(list(Referrer)),
                start_date=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300)),
                responsible_id=admin if rng.random() < 0.3 else None,
            )
            for _ in range(min(batch, n - start))
        ]
        ids += app.participants.create_many(admin, specs)
    modules = [m.code for m in app.catalogue.modules()]
    for pid in ids[:ENROLLED]:
        for code in rng.sample(modules, 3):
            app.journey.enroll(admin, pid, code)
    for pid in ids[:20]:
        app.journey.add_follow_up(
            admin, pid, date=dt.date(2026, 6, 1), attendees="Deltagaren", notes="Bra vecka."
        )
    return app, admin, time.perf_counter() - t0


def wait_loaded(qt: QApplication, page: ParticipantsPageWidget) -> None:
    while page.loading:
        qt.processEvents()
        time.sleep(0.001)
    qt.processEvents()


def measure_load(qt: QApplication, page: ParticipantsPageWidget) -> tuple[float, float, float]:
    """Seconds until loaded, the longest gap between 5 ms ticks meanwhile, and the
    GUI-thread part (model reset, columns, proxy rebuild) timed on its own."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    t0 = time.perf_counter()
    ticks.append(t0)
    page.refresh()
    wait_loaded(qt, page)
    elapsed = time.perf_counter() - t0
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    prepared = load_rows(page.app)
    s = time.perf_counter()
    page._loaded(prepared)
    qt.processEvents()
    return elapsed, max(gaps, default=0.0), time.perf_counter() - s


def app_keystrokes(qt: QApplication, page: ParticipantsPageWidget) -> list[float]:
    page.search_delay_ms = 0
    out = []
    for text in SEARCHES:
        page.search_edit.blockSignals(True)
        page.search_edit.setText(text[:-1])
        page.search_edit.blockSignals(False)
        page.apply_filter()
        qt.processEvents()
        t = QElapsedTimer()
        t.start()
        QTest.keyClicks(page.search_edit, text[-1])
        while page.proxy.filter.text != text:
            qt.processEvents()
        qt.processEvents()
        out.append(t.nsecsElapsed() / 1e9)
    for status in ("all", "ended", "active"):
        t = QElapsedTimer()
        t.start()
        page.status_combo.setCurrentIndex(page.status_combo.findData(status))
        qt.processEvents()
        out.append(t.nsecsElapsed() / 1e9)
    return out


def baseline_keystrokes(qt: QApplication, page: ParticipantsPageWidget) -> list[float]:
    model = QStandardItemModel(0, len(HEADINGS))
    model.setHorizontalHeaderLabels(list(HEADINGS))
    src = page.model
    for row in range(src.rowCount()):
        model.appendRow([QStandardItem(src.index(row, c).data()) for c in range(len(HEADINGS))])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(0)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.resize(1200, 600)
    view.show()
    qt.processEvents()
    out = []
    for text in SEARCHES:
        proxy.setFilterFixedString(text[:-1])
        qt.processEvents()
        t = QElapsedTimer()
        t.start()
        proxy.setFilterFixedString(text)
        qt.processEvents()
        out.append(t.nsecsElapsed() / 1e9)
    for _ in range(3):  # stands in for the status filter changes
        t = QElapsedTimer()
        t.start()
        proxy.setFilterFixedString("")
        qt.processEvents()
        out.append(t.nsecsElapsed() / 1e9)
    view.close()
    return out


def open_pages(
    qt: QApplication, page: ParticipantsPageWidget, ids: list[str]
) -> tuple[list[float], list[float]]:
    """Per participant: until the page is shown (GUI thread busy), and until the
    overview's module bars, read in the worker, are filled in."""
    shown, filled = [], []
    for pid in ids:
        t = QElapsedTimer()
        t.start()
        opened = page.open_participant(pid)
        qt.processEvents()
        shown.append(t.nsecsElapsed() / 1e9)
        assert opened is not None
        while opened.overview_tab.loading:
            qt.processEvents()
            time.sleep(0.001)
        qt.processEvents()
        filled.append(t.nsecsElapsed() / 1e9)
        page.close_participant(refresh=False)
        qt.processEvents()
    return shown, filled


def baseline_pages(qt: QApplication, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = QElapsedTimer()
        t.start()
        tabs = QTabWidget()
        for i in range(7):
            tabs.addTab(QLabel(f"Flik {i}"), f"Flik {i}")
        tabs.resize(1200, 600)
        tabs.show()
        qt.processEvents()
        out.append(t.nsecsElapsed() / 1e9)
        tabs.close()
        tabs.deleteLater()
        qt.processEvents()
    return out


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms, max {max(values) * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    qt = create_qapplication()
    with tempfile.TemporaryDirectory() as tmp:
        app, admin_id, build_s = build(Path(tmp), args.participants)
        print(f"{args.participants} participants created in {build_s:.1f} s")
        admin = app.supervisors.get(admin_id)
        page = ParticipantsPageWidget(app, admin)
        page.resize(1366, 700)
        page.show()
        wait_loaded(qt, page)
        load_s, stall_s, reset_s = measure_load(qt, page)
        print(
            f"list load (worker): {load_s * 1000:.0f} ms; longest GUI stall meanwhile "
            f"{stall_s * 1000:.1f} ms; rows taken over on the GUI thread in {reset_s * 1000:.1f} ms"
        )
        assert page.model.rowCount() == args.participants

        ours = app_keystrokes(qt, page)
        base = baseline_keystrokes(qt, page)
        print(f"filter keystroke, app (own proxy):          {ms(ours)}")
        print(f"filter keystroke, baseline (QSortFilterProxy): {ms(base)}")
        print(f"ratio app/baseline: {statistics.median(ours) / statistics.median(base):.2f}")

        page.proxy.set_filter(ListFilter(status="all"))
        enrolled = [page.model.records[i].id for i in range(page.model.rowCount())]
        with_modules = [r.id for r in page.model.records if r.criteria_total > 0][
            : args.runs
        ] or enrolled[: args.runs]
        opened, filled = open_pages(qt, page, with_modules)
        bare = baseline_pages(qt, args.runs)
        print(f"open participant page, app (shown):  {ms(opened)}")
        print(f"  … overview filled (worker):          {ms(filled)}")
        print(f"open participant page, baseline:     {ms(bare)}")
        print(f"ratio app/baseline: {statistics.median(opened) / statistics.median(bare):.2f}")
        page.close()
        app.close()


if __name__ == "__main__":
    main()
