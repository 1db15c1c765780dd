"""Certificate PDFs: one certificate (three signed modules, QR code, signature
drawings) and a batch of 100, against a one-page reportlab document with the same
fonts, timed in the same run. Target: median ≤ 300 ms for one certificate.

    python benchmarks/bench_certificates.py [--runs 30] [--batch 100]

Prints medians and the ratio certificate / baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from handledare_app.domain.enums import AssessmentStatus, EvidenceType, PlacementType, Referrer
from handledare_app.domain.signing import SignatureInput, SignatureMethod
from handledare_app.services.app import App, open_app
from handledare_app.services.demo_signing import demo_strokes
from handledare_app.services.pdf_fonts import register_fonts

PIN = "4821"


def baseline_pdf() -> bytes:
    """One A4 page of similar text in the same fonts, no QR, no drawings."""
    regular, bold = register_fonts()
    body = ParagraphStyle("b", fontName=regular, fontSize=10, leading=13.5)
    head = ParagraphStyle("h", fontName=bold, fontSize=19, leading=23)
    buf = io.BytesIO()
    story = [Paragraph("Intyg om validerad kompetens", head), Spacer(1, 12)]
    for i in range(24):
        story.append(
            Paragraph(f"Deltagaren kan sortera skänkta varor enligt rutin {i}: åäö.", body)
        )
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def signed_participants(app: App, admin: str, n: int, modules: int) -> list[str]:
    import random

    rng = random.Random(5)
    codes = [m.code for m in app.catalogue.modules()][:modules]
    ids = []
    for i in range(n):
        p = app.participants.create(
            admin,
            first_name=f"Märta {i}",
            last_name="Ekström",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.MUNICIPALITY,
            start_date=dt.date(2026, 1, 1),
        )
        for code in codes:
            eid = app.journey.enroll(admin, p.id, code)
            criteria = app.assessment.enrollment(eid).module.criteria
            app.evidence.add(  # OCN: Uppnådd needs linked evidence
                admin,
                p.id,
                type=EvidenceType.OBSERVATION,
                date=dt.date(2026, 2, 1),
                title="Observation",
                criterion_ids=[c.id for c in criteria],
            )
            for c in criteria:
                app.assessment.judge(admin, eid, c.id, AssessmentStatus.ACHIEVED)
            app.signing.sign(
                admin,
                eid,
                pin=PIN,
                supervisor=SignatureInput(SignatureMethod.DRAWN, strokes=demo_strokes(rng)),
                participant=SignatureInput(SignatureMethod.DRAWN, strokes=demo_strokes(rng)),
            )
        ids.append(p.id)
    return ids


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = open_app(Path(tmp) / "data")
        admin = app.setup.set_up("Bänkverkstan", "Mätdatorn", "Åsa Öberg", PIN)
        app.quality.update_settings(admin, sample_rate=0.0, required=True)
        print(f"Förbereder {args.batch} deltagare med tre signerade moduler var …")
        ids = signed_participants(app, admin, args.batch, 3)
        cert = app.certificates.issue(admin, ids[0])
        baseline_pdf()
        app.certificates.render(cert.id)  # warm up fonts and imports
        base = median_ms(baseline_pdf, args.runs)
        one = median_ms(lambda: app.certificates.render(cert.id), args.runs)
        one_issue = median_ms(
            lambda: app.certificates.render(app.certificates.issue(admin, ids[0]).id), args.runs
        )
        out = Path(tmp) / "ut"
        t0 = time.perf_counter()
        written = app.certificates.write_all(admin, out)
        batch = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(args.batch):
            baseline_pdf()
        base_batch = time.perf_counter() - t0
        app.close()
    print(f"Grunddokument (en sida, samma typsnitt): median {base:.1f} ms")
    print(
        f"Ett intyg (3 moduler, QR-kod, signaturer), rendering: median {one:.1f} ms "
        f"(mål ≤ 300 ms) – kvot {one / base:.2f}"
    )
    print(
        f"Ett intyg, slå upp i registret + rendera: median {one_issue:.1f} ms "
        f"– kvot {one_issue / base:.2f}"
    )
    print(
        f"{len(written)} intyg (utfärda + rendera + skriva filer): {batch:.2f} s, "
        f"{batch / len(written) * 1000:.1f} ms per intyg; {args.batch} grunddokument "
        f"{base_batch:.2f} s – kvot {batch / base_batch:.2f}"
    )


if __name__ == "__main__":
    main()
