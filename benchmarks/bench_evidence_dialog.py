"""Opening the evidence dialog for an item with 20 large photos.

Thumbnails are decoded off the GUI thread (and cached), so the dialog should open
about as fast as one without photos. Three timings, same run, median of R rounds
with a cold thumbnail cache each round:

- baseline:  the dialog for an evidence item without attachments (construct + show);
- async:     the dialog with 20 photos, as the app does it (time until it is shown);
- sync:      decoding the 20 thumbnails on the GUI thread, what the worker avoids;
- all ready: time until every thumbnail is on screen (async, for information).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_evidence_dialog.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from handledare_app.domain.enums import EvidenceType, PlacementType, Referrer
from handledare_app.services.app import open_app
from handledare_app.ui.participant import thumbnails
from handledare_app.ui.participant.evidence_dialog import EvidenceDialog
from handledare_app.ui.qt_app import create_qapplication

PHOTOS = 20


def make_photo(path: Path, seed: int, width: int, height: int) -> None:
    """A phone-sized JPEG with some structure (a flat image decodes unrealistically fast)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor.fromHsv(seed * 17 % 360, 80, 200))
    p = QPainter(image)
    for i in range(60):
        p.fillRect(
            (i * 97 + seed * 31) % width,
            (i * 53 + seed * 11) % height,
            width // 8,
            height // 10,
            QColor.fromHsv((i * 23 + seed) % 360, 160, 160),
        )
    p.end()
    image.save(str(path), "JPEG", 88)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--width", type=int, default=4032)
    parser.add_argument("--height", type=int, default=3024)
    args = parser.parse_args()
    qt = create_qapplication()
    root = Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    app = open_app(root / "data")
    admin_id = app.setup.set_up("Bänkverkstan", "Mätdatorn", "Åsa Öberg", "4821")
    admin = app.supervisors.get(admin_id)
    p = app.participants.create(
        admin_id,
        first_name="Bänk",
        last_name="Testsson",
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.MUNICIPALITY,
        start_date=dt.date(2026, 1, 1),
    )
    app.journey.enroll(admin_id, p.id, "BUT-01")
    app.participants.set_photo_consent(admin_id, p.id, True)
    files = []
    for i in range(PHOTOS):
        f = root / f"foto-{i}.jpg"
        make_photo(f, i, args.width, args.height)
        files.append(f)
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    common = {"type": EvidenceType.PHOTO, "date": dt.date(2026, 3, 1)}
    plain = app.evidence.add(admin_id, p.id, title="Utan foton", **common)  # type: ignore[arg-type]
    heavy = app.evidence.add(admin_id, p.id, title="Tjugo foton", files=files, **common)  # type: ignore[arg-type]
    blob_paths = [app.evidence.attachment_path(a.sha256) for a in heavy.attachments]

    def open_dialog(evidence_id: str) -> tuple[float, EvidenceDialog]:
        t0 = time.perf_counter()
        dialog = EvidenceDialog(app, admin, p.id, app.evidence.get(evidence_id))
        dialog.show()
        QCoreApplication.processEvents()
        return time.perf_counter() - t0, dialog

    def close(dialog: EvidenceDialog) -> None:
        dialog.finish_thumbnails()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done(0)
        QCoreApplication.processEvents()

    baseline, shown, ready, sync = [], [], [], []
    open_dialog(plain.id)[1].done(0)  # warm up imports and fonts
    for _ in range(args.rounds):
        t, d = open_dialog(plain.id)
        baseline.append(t)
        close(d)

        thumbnails._cache = thumbnails._Cache()  # cold cache
        t0 = time.perf_counter()
        t, d = open_dialog(heavy.id)
        shown.append(t)
        d.finish_thumbnails()
        ready.append(time.perf_counter() - t0)
        close(d)

        t0 = time.perf_counter()
        for path in blob_paths:
            thumbnails.read_thumbnail(path)
        sync.append(time.perf_counter() - t0)

    med = statistics.median
    print(f"{PHOTOS} JPEG photos {args.width}×{args.height}, {size_mb:.1f} MB in all")
    print(f"baseline (no photos) shown:      {med(baseline) * 1000:7.1f} ms")
    print(
        f"20 photos, dialog shown:         {med(shown) * 1000:7.1f} ms  "
        f"(ratio to baseline {med(shown) / med(baseline):.2f})"
    )
    print(
        f"20 thumbnails decoded on GUI:    {med(sync) * 1000:7.1f} ms  "
        f"(ratio to baseline {med(sync) / med(baseline):.2f}; what the worker avoids)"
    )
    print(f"20 photos, all thumbnails ready: {med(ready) * 1000:7.1f} ms")
    thumbnails.shutdown()
    app.close()
    qt.quit()


if __name__ == "__main__":
    main()
