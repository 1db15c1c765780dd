"""The certificate PDF (intyg), drawn only from a certificate's stored content, so the
same register entry always gives the same document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..domain.signing import METHOD_LABELS, SignatureMethod, Stroke
from ..domain.swedish import after_hen_kan
from .pdf_common import (
    ACCENT,
    CONTENT_W,
    MARGIN,
    PAGE_H,
    PAGE_W,
    build_pdf,
    para,
    register_fonts,
    signature_drawing,
    styles,
)

QR_SIZE = 34 * mm
StrokeLoader = Callable[[str], list[Stroke] | None]


# Any of the eight QR mask patterns is valid; reportlab's search for the "best" one
# costs ~0.4 s per code in pure Python, so a fixed one is used (scanners read it fine).
QR_MASK = 0
QR_QUIET = 4  # modules of white border, as the standard asks


def qr_matrix(payload: str) -> list[list[bool]]:
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(QR8bitByte(payload))  # ASCII payload: byte mode
    code.version = code.calculate_version()  # type: ignore[no-untyped-call]
    code.makeImpl(False, QR_MASK)
    return [list(row) for row in code.modules]


class QrFlowable(Flowable):
    """A QR code drawn as one filled path of horizontal runs (fast, crisp at any size)."""

    def __init__(self, payload: str, size: float = QR_SIZE) -> None:
        super().__init__()
        self.matrix = qr_matrix(payload)
        self.size = size

    def wrap(self, _avail_w: float, _avail_h: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        n = len(self.matrix) + 2 * QR_QUIET
        cell = self.size / n
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(self.matrix):
            y = self.size - (r + QR_QUIET + 1) * cell
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect((start + QR_QUIET) * cell, y, (c - start) * cell, cell)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def _module_block(m: dict[str, Any], st: dict[str, Any], strokes: StrokeLoader) -> Flowable:
    level = f"SeQF-nivå {m['seqf_level']}"
    if m.get("ocn_level"):
        level += f", OCN-nivå {m['ocn_level']}"
    points = f"{m['points']:g}".replace(".", ",")
    parts: list[Flowable] = [
        para(m["title"], st["h2"]),
        para(
            f"{m['business_area']} · {level} · {points} poäng · modul {m['code']} "
            f"version {m['version']}",
            st["small"],
        ),
        Spacer(1, 2 * mm),
        para("Deltagaren har visat att hen kan:", st["h3"]),
    ]
    for o in m["outcomes"]:
        parts.append(para(f"{o['number']}. {after_hen_kan(o['text'])}", st["bullet"]))
    dates = f"Påbörjad {m['enrolled_on']}, signerad {m['signed_on']}."
    if m.get("qa_label"):
        dates += f" {m['qa_label']}."
    parts.append(Spacer(1, 1.5 * mm))
    parts.append(para(dates, st["small"]))
    cells = []
    for sig in m["signatures"]:
        role = "Handledare" if sig["role"] == "supervisor" else "Deltagare"
        method = SignatureMethod(sig["method"])
        drawn = strokes(sig["blob_sha256"]) if method is SignatureMethod.DRAWN else None
        note = "" if method is not SignatureMethod.PAPER else "Signerad på papper"
        caption = f"{role}: {sig['name']} ({METHOD_LABELS[method].lower()})"
        cells.append(signature_drawing(drawn, sig.get("typed_name") or note, caption))
    if cells:
        table = Table([cells], colWidths=[84 * mm] * len(cells), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("FONTNAME", (0, 0), (-1, -1), register_fonts()[0]),
                ]
            )
        )
        parts.extend([Spacer(1, 2 * mm), table])
    parts.append(Spacer(1, 5 * mm))
    return KeepTogether(parts)


def render_certificate(content: dict[str, Any], payload: str, strokes: StrokeLoader) -> bytes:
    regular, bold = register_fonts()
    st = styles()
    st["cert_title"] = ParagraphStyle("cert_title", parent=st["title"], fontSize=19, leading=23)
    code = content["code"]
    shown = f"{code[:5]}-{code[5:]}"
    total = sum(float(m["points"]) for m in content["modules"])
    header = Table(
        [
            [
                [
                    para(content["workplace"]["name"], st["small"]),
                    Spacer(1, 2 * mm),
                    para("Intyg om validerad kompetens", st["cert_title"]),
                    Spacer(1, 3 * mm),
                    para(content["participant"]["name"], st["h1"]),
                    Spacer(1, 2 * mm),
                    para(
                        f"har visat kompetens i {len(content['modules'])} "
                        f"{'modul' if len(content['modules']) == 1 else 'moduler'} "
                        f"({f'{total:g}'.replace('.', ',')} poäng), validerade med OCN-metoden "
                        "av en utbildad handledare på arbetsplatsen.",
                        st["body"],
                    ),
                ],
                [QrFlowable(payload), para(shown, st["centre"])],
            ]
        ],
        colWidths=[CONTENT_W - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm],
    )
    header.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story: list[Flowable] = [header, Spacer(1, 6 * mm)]
    if content["preliminary"]:
        story.append(
            para(
                "PRELIMINÄRT – ej kvalitetssäkrat. Minst en modul väntar på granskning av "
                "intern kvalitetssäkrare.",
                st["h3"],
            )
        )
        story.append(Spacer(1, 4 * mm))
    for m in content["modules"]:
        story.append(_module_block(m, st, strokes))
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            f"Utfärdat {content['issued_on']} av {content['workplace']['name']}. "
            f"Kontrollkod {shown}. Intyget kan kontrolleras i Handledarappen "
            "(Kvalitetssäkring → Kontrollera intyg) eller genom att läsa QR-koden. "
            "Intyget finns också digitalt: ett Open Badges 3.0-märke per modul (.jwt-fil och "
            "PNG-bild, Spara digitalt intyg) som deltagaren kan visa upp och som kan "
            "kontrolleras utan kontakt med arbetsplatsen.",
            st["small"],
        )
    )

    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(2)
        canvas.line(MARGIN, PAGE_H - 10 * mm, PAGE_W - MARGIN, PAGE_H - 10 * mm)
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor("#5b6573"))
        canvas.drawString(MARGIN, 10 * mm, f"Kontrollkod {shown}")
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, f"Sida {doc.page}")
        if content["preliminary"]:
            canvas.setFont(bold, 64)
            canvas.setFillColor(colors.Color(0.8, 0.2, 0.2, alpha=0.13))
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, "PRELIMINÄRT")
        canvas.restoreState()

    return build_pdf(story, title=f"Intyg {shown}", on_page=on_page)
