"""Longest GUI-thread stall (issue 14) while the window waits for slow work, before and
after the task runner, measured in the same run.

A 5 ms timer on the GUI thread records when it gets to run; the longest gap between two
ticks while an action runs is the stall a user would feel (no repaint, no cursor). Each
action runs twice: "direct" (the work on the GUI thread, as before) and "runner"
(`local_loop_wait` / the new print path: work on the task runner, the window keeps
painting). Actions: a PIN check (scrypt), saving evidence with a large file (hash, copy,
fsync), a certificate PDF, a portfolio PDF, and printing a 20-page PDF.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_stalls.py [--mb 400] [--repeat 3]

Prints per action the median over repeats of the longest stall, and the ratio.

With --input (needs an X server: `xvfb-run -a env QT_QPA_PLATFORM=xcb python
benchmarks/bench_gui_stalls.py --input`) it also measures input latency during a
PIN check (the login dialog), the evidence save and the 20-page print: keys typed through XTest every 30 ms into a field,
the longest and the median wait from typing to handling, "wait_for" (a local event loop
that holds user input back, as before) against "callback" (LoginDialog.try_login,
EvidenceDialog.save and PdfPreviewDialog.print_to on the task runner, the GUI thread in its main event loop).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QSize, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from handledare_app.domain.enums import EvidenceType
from handledare_app.services.app import App, open_app
from handledare_app.services.demo import DEMO_PIN, create_demo
from handledare_app.ui import tasks
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.signing.pdf_preview import PdfPreviewDialog


class StallMeter:
    """Longest gap between ticks of a 5 ms GUI-thread timer, in milliseconds."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.last = 0
        self.longest = 0

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def measure(self, action: Callable[[], Any]) -> float:
        self.clock.start()
        self.last, self.longest = 0, 0
        self.timer.start()
        QApplication.processEvents()
        self.last = self.clock.elapsed()
        action()
        QApplication.processEvents()  # the gap up to the first tick after the action
        self._tick()
        self.timer.stop()
        return float(self.longest)


def old_print(dialog: PdfPreviewDialog, printer: QPrinter) -> None:
    """The print path before issue 14: every page at the printer's full resolution."""
    painter = QPainter()
    painter.begin(printer)
    try:
        for i in range(dialog.document.pageCount()):
            if i:
                printer.newPage()
            target = painter.viewport()
            size_pt = dialog.document.pagePointSize(i)
            scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
            image = dialog.document.render(
                i, QSize(round(size_pt.width() * scale), round(size_pt.height() * scale))
            )
            painter.drawImage(0, 0, image)
    finally:
        painter.end()


def local_loop_wait(fn: Callable[[], Any]) -> Any:
    """The waiting of the removed `tasks.wait_for`, kept here as the baseline: `fn()` on
    the task runner, a local event loop that paints but holds user input back."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    box: dict[str, Any] = {}

    def done(value: Any) -> None:
        box["value"] = value
        loop.quit()

    def failed(exc: BaseException) -> None:
        box["error"] = exc
        loop.quit()

    task = tasks.run_in_background(lambda _ctx: fn(), done, failed)
    while not box:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    task.wait()
    if "error" in box:
        raise box["error"]
    return box["value"]


def run_and_spin(fn: Callable[[], Any]) -> None:
    """`fn()` on the task runner, the main event loop's part meanwhile (the new way)."""
    task = tasks.run_in_background(lambda _ctx: fn())
    spin_until(task.finished.is_set)
    tasks.wait_for_all()


def spin_until(done: Callable[[], bool], timeout_s: float = 600.0) -> None:
    """The main event loop's part while callback-style work runs."""
    end = time.monotonic() + timeout_s
    while not done() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.001)


def twenty_pages() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(20):
        for line in range(50):
            c.drawString(60, 800 - line * 15, f"Portfölj sida {page + 1}, rad {line + 1}: " * 2)
        c.showPage()
    c.save()
    return buf.getvalue()


def input_latency(
    app: App,
    admin: str,
    pid: str,
    big: Path,
    pdf: bytes,
    printer: Callable[[], QPrinter],
    repeat: int,
) -> None:
    from functools import partial

    from input_latency import InputLatencyMeter

    from handledare_app.ui.participant.evidence_dialog import EvidenceDialog
    from handledare_app.ui.signing.pdf_preview import print_pages

    user = app.supervisors.get(admin)
    meter = InputLatencyMeter()
    preview = PdfPreviewDialog(pdf, "Portfölj", "portfolj.pdf")
    preview.show()
    counter = [0]

    def evidence_dialog() -> EvidenceDialog:
        counter[0] += 1
        d = EvidenceDialog(app, user, pid, evidence_type=EvidenceType.VIDEO_AUDIO)
        d.title_edit.setText(f"Film, dialog {counter[0]}")
        d.confirm_unlinked = lambda: True  # type: ignore[method-assign]
        if d.add_files([big]):
            raise RuntimeError("the film was refused")
        d.show()
        return d

    def old_save() -> None:
        d = evidence_dialog()
        values = {"type": EvidenceType.VIDEO_AUDIO, "date": dt.date(2026, 10, 2)}
        local_loop_wait(
            lambda: app.evidence.add(admin, pid, title="Film", files=[big], **values)  # type: ignore[arg-type]
        )
        d.done(0)  # (close() would ask about the typed title)

    new_dialog: list[EvidenceDialog] = []

    def new_save() -> None:
        new_dialog[:] = [evidence_dialog()]
        new_dialog[0].save()

    login: list[LoginDialog] = []

    def new_login() -> None:
        dialog = LoginDialog(app)
        dialog.name_list.setCurrentRow(0)
        dialog.pin_edit.setText(DEMO_PIN)
        login[:] = [dialog]
        dialog.try_login()

    cases: list[
        tuple[str, Callable[[], Any], Callable[[], bool], Callable[[], Any], Callable[[], bool]]
    ] = [
        (
            "PIN check",
            lambda: local_loop_wait(lambda: app.supervisors.login(admin, DEMO_PIN)),
            lambda: True,
            new_login,
            lambda: login[0].supervisor is not None,
        ),
        (
            f"evidence {big.stat().st_size >> 20} MB",
            old_save,
            lambda: True,
            new_save,
            lambda: not new_dialog[0].saving,
        ),
        (
            "print 20 pages",
            lambda: local_loop_wait(partial(print_pages, pdf, printer())),
            lambda: True,
            lambda: preview.print_to(printer()),
            lambda: not preview.printing,
        ),
    ]
    print("input latency: keys typed every 30 ms through XTest; ms from typing to handling")
    print(
        f"{'action':22s} {'wait_for max':>13s} {'callback max':>13s} "
        f"{'wait_for med':>13s} {'callback med':>13s}"
    )
    for name, old, old_done, new, new_done in cases:
        before = [meter.measure(old, old_done) for _ in range(repeat)]
        after = [meter.measure(new, new_done) for _ in range(repeat)]
        print(
            f"{name:22s} {statistics.median(x.longest_ms for x in before):13.0f} "
            f"{statistics.median(x.longest_ms for x in after):13.0f} "
            f"{statistics.median(x.median_ms for x in before):13.0f} "
            f"{statistics.median(x.median_ms for x in after):13.0f}",
            flush=True,
        )
    preview.close()
    meter.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=400, help="size of the evidence file")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", help="run only actions whose name starts with this")
    parser.add_argument("--input", action="store_true", help="input latency too (X server)")
    parser.add_argument("--no-stalls", action="store_true", help="only the input latency")
    args = parser.parse_args()
    qt = QApplication.instance() or QApplication(sys.argv)
    meter = StallMeter()
    with tempfile.TemporaryDirectory(prefix="stalls-") as tmp:
        root = Path(tmp)
        app: App = open_app(root / "data")
        create_demo(app, participants=4)
        admin = next(s for s in app.supervisors.list() if s.is_admin).id
        with_signoff = app.signing.participants_with_signoffs()
        pid = with_signoff[0] if with_signoff else app.participants.list()[0].id
        # The film counts as a photo-like file: it needs the participant's consent.
        app.participants.set_photo_consent(admin, pid, True, dt.date(2026, 9, 1))
        big = root / "film.mp4"
        with open(big, "wb") as fh:
            chunk = os.urandom(1 << 20)
            for i in range(args.mb):
                fh.write(chunk[: (1 << 20) - 1] + bytes([i % 256]))
        pdf = twenty_pages()
        dialog = PdfPreviewDialog(pdf, "Portfölj", "portfolj.pdf")
        counter = [0]

        def save_evidence() -> Any:
            counter[0] += 1
            return app.evidence.add(
                admin,
                pid,
                type=EvidenceType.VIDEO_AUDIO,
                date=dt.date(2026, 10, 2),
                title=f"Film {counter[0]}",
                files=[big],
            )

        def printer() -> QPrinter:
            p = QPrinter(QPrinter.PrinterMode.HighResolution)
            p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            p.setOutputFileName(str(root / "utskrift.pdf"))
            return p

        cert_id = app.certificates.issue(admin, pid).id if with_signoff else None
        actions: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
            (
                "PIN check",
                lambda: app.supervisors.login(admin, DEMO_PIN),
                lambda: run_and_spin(lambda: app.supervisors.login(admin, DEMO_PIN)),
            ),
            (
                f"evidence {args.mb} MB",
                save_evidence,
                lambda: local_loop_wait(save_evidence),
            ),
            (
                "portfolio PDF",
                lambda: app.documents.portfolio(pid),
                lambda: local_loop_wait(lambda: app.documents.portfolio(pid)),
            ),
            (
                "print 20 pages",
                lambda: old_print(dialog, printer()),
                lambda: (dialog.print_to(printer()), spin_until(lambda: not dialog.printing)),
            ),
        ]
        if cert_id is not None:
            actions.insert(
                2,
                (
                    "certificate PDF",
                    lambda: app.certificates.render(cert_id),
                    lambda: local_loop_wait(lambda: app.certificates.render(cert_id)),
                ),
            )
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        if args.input:
            input_latency(app, admin, pid, big, pdf, printer, args.repeat)
        if not args.no_stalls:
            print(f"{'action':22s} {'direct ms':>10s} {'runner ms':>10s} {'ratio':>7s}")
        for name, direct, runner in [] if args.no_stalls else actions:
            if args.only and not name.startswith(args.only):
                continue
            # The old print path takes minutes for 20 pages: measured once.
            times = 1 if name.startswith("print") else args.repeat
            before = statistics.median(meter.measure(direct) for _ in range(times))
            after = statistics.median(meter.measure(runner) for _ in range(args.repeat))
            ratio = after / before if before else float("nan")
            print(f"{name:22s} {before:10.0f} {after:10.0f} {ratio:7.2f}", flush=True)
        app.close()
    del qt
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - t0:.0f} s)")
    sys.exit(code)
