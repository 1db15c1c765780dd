"""The bundled DejaVu fonts: found by the resource locator, registered once, embedded."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from handledare_app.resources import resource
from handledare_app.services import pdf_fonts
from handledare_app.services.pdf_fonts import FONT_BOLD, FONT_REGULAR, font_problems, register_fonts


def _pdf(initial_font: str | None = None, fonts: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=initial_font, invariant=True)
    for i, name in enumerate(fonts):
        canvas.setFont(name, 14)
        canvas.drawString(72, 700 - 20 * i, "Kompetensbevis – Åsa Öberg, Städ: Daglig städning")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_font_files_and_licence_are_shipped() -> None:
    for filename in pdf_fonts.FONT_FILES.values():
        assert resource("typsnitt", filename).stat().st_size > 100_000
    licence = resource("typsnitt", "LICENS-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "DejaVu" in licence


def test_register_fonts_is_idempotent() -> None:
    assert register_fonts() == (FONT_REGULAR, FONT_BOLD)
    fonts = pdfmetrics.getRegisteredFontNames()
    assert register_fonts() == (FONT_REGULAR, FONT_BOLD)
    assert pdfmetrics.getRegisteredFontNames() == fonts
    assert {FONT_REGULAR, FONT_BOLD} <= set(fonts)
    # Every later canvas starts in DejaVu, not the unembedded Helvetica.
    assert rl_config.canvas_basefontname == FONT_REGULAR


def test_swedish_text_with_both_fonts_is_embedded() -> None:
    regular, bold = register_fonts()
    pdf = _pdf(regular, (regular, bold))
    assert pdf.count(b"/FontFile2") == 2
    assert font_problems(pdf) == []


def test_helvetica_is_reported() -> None:
    register_fonts()
    pdf = _pdf("Helvetica", (FONT_REGULAR, FONT_BOLD))
    assert font_problems(pdf) == ["standardtypsnittet Helvetica används utan att vara inbäddat"]


def test_a_font_not_used_is_reported_as_not_embedded() -> None:
    register_fonts()
    pdf = _pdf(FONT_REGULAR, (FONT_REGULAR,))
    assert font_problems(pdf) == [f"typsnittet {FONT_BOLD} är inte inbäddat"]
