"""Shared PDF building blocks (reportlab): A4 page, styles in the bundled fonts,
signature drawings from strokes, and a document builder returning bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..domain.errors import UserError
from ..domain.signing import Stroke
from .pdf_fonts import register_fonts as _register_fonts

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
# reportlab's frame pads 6 pt on each side inside the margins.
CONTENT_W = PAGE_W - 2 * MARGIN - 12
INK = colors.HexColor("#1d2a3a")
ACCENT = colors.HexColor("#1f5f8b")
MUTED = colors.HexColor("#5b6573")


def register_fonts() -> tuple[str, str]:
    """The bundled fonts, also as the default of reportlab drawings (QR code, signature
    boxes), which otherwise start in Helvetica, an unembedded base-14 font."""
    regular, bold = _register_fonts()
    shapes.STATE_DEFAULTS["fontName"] = regular
    return regular, bold


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=22, leading=27, textColor=ACCENT
        ),
        "h1": ParagraphStyle("h1", parent=base, fontName=bold, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=12, leading=15, spaceBefore=8
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=10.5, leading=13.5),
        "centre": ParagraphStyle("centre", parent=base, alignment=TA_CENTER),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2),
    }


def esc(text: str) -> str:
    """Text for a reportlab Paragraph (its markup is XML-like)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text), style)


def signature_drawing(
    strokes: list[Stroke] | None,
    typed_name: str,
    caption: str,
    width: float = 70 * mm,
    height: float = 24 * mm,
) -> Drawing:
    """A signature box: drawn strokes as vector lines, or the typed name, or a note."""
    regular, _bold = register_fonts()
    d = Drawing(width, height + 5 * mm)
    box = Rect(0, 5 * mm, width, height)
    box.strokeColor = colors.HexColor("#c9d1db")
    box.fillColor = None
    box.strokeWidth = 0.5
    d.add(box)
    if strokes:
        pad = 2 * mm
        w, h = width - 2 * pad, height - 2 * pad
        for stroke in strokes:
            pts: list[float] = []
            for x, y in stroke:
                pts.extend([pad + x * w, 5 * mm + pad + (1 - y) * h])
            d.add(
                PolyLine(pts, strokeColor=INK, strokeWidth=1.1, strokeLineCap=1, strokeLineJoin=1)
            )
    elif typed_name:
        d.add(
            String(
                4 * mm,
                5 * mm + height / 2 - 3,
                typed_name,
                fontName=regular,
                fontSize=14,
                fillColor=INK,
            )
        )
    d.add(String(0, 0.8 * mm, caption, fontName=regular, fontSize=7.5, fillColor=MUTED))
    return d


PageHook = Callable[[Canvas, Any], None]


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    on_page: PageHook | None = None,
) -> bytes:
    """Lay out `story` on A4 and return the PDF bytes."""
    register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=title,
        author="Handledarappen",
        creator="Handledarappen",
        subject=title,
    )
    hook = on_page or (lambda _c, _d: None)
    try:
        doc.build(story, onFirstPage=hook, onLaterPages=hook)
    except LayoutError as exc:
        raise UserError(
            "Dokumentet kunde inte ställas upp på sidan (en text eller bild är för stor)."
        ) from exc
    return buf.getvalue()


def footer(text: str) -> PageHook:
    regular, _bold = register_fonts()

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, text)
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, f"Sida {doc.page}")
        canvas.restoreState()

    return draw
