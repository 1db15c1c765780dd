"""The bundled PDF fonts (DejaVu Sans, with å ä ö) registered with reportlab.

Every PDF the app writes uses these fonts, embedded as subsets, so a certificate
looks the same on every machine and `pdffonts` shows every font embedded. The font
files are in `resurser/typsnitt/` (licence: LICENS-DejaVu.txt there) and are found
by the one resource locator, in a source checkout, an installed wheel and a frozen
build alike.

reportlab starts every canvas in Helvetica, a base-14 font it never embeds, and
puts it in the page's font resources even if no text uses it. `register_fonts()`
therefore also makes the regular DejaVu font the canvas's initial font
(`rl_config.canvas_basefontname`); paragraph styles must still name these fonts.
"""

from __future__ import annotations

import re
import threading
from typing import Final

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..domain.errors import UserError
from ..resources import resource

FONT_REGULAR: Final = "DejaVuSans"
FONT_BOLD: Final = "DejaVuSans-Bold"
FONT_FAMILY: Final = "DejaVuSans"
FONT_FILES: Final = {FONT_REGULAR: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
# The standard fonts a PDF viewer supplies itself; never embedded by reportlab.
BASE14: Final = frozenset(
    {
        "Courier",
        "Courier-Bold",
        "Courier-BoldOblique",
        "Courier-Oblique",
        "Helvetica",
        "Helvetica-Bold",
        "Helvetica-BoldOblique",
        "Helvetica-Oblique",
        "Symbol",
        "Times-Bold",
        "Times-BoldItalic",
        "Times-Italic",
        "Times-Roman",
        "ZapfDingbats",
    }
)

_lock = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Register the bundled fonts with reportlab (once); returns (regular, bold).

    Safe to call any number of times, from any thread.
    """
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in FONT_FILES.items():
            if name in registered:
                continue
            path = resource("typsnitt", filename)
            if not path.is_file():
                raise UserError(
                    f"Typsnittet {filename} saknas bland programmets resursfiler. "
                    "Installera om Handledarappen."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(
            FONT_FAMILY,
            normal=FONT_REGULAR,
            bold=FONT_BOLD,
            italic=FONT_REGULAR,
            boldItalic=FONT_BOLD,
        )
        rl_config.canvas_basefontname = FONT_REGULAR
    return FONT_REGULAR, FONT_BOLD


_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")
# A dictionary without nested dictionaries (a font descriptor has none).
_FLAT_DICT = re.compile(rb"<<((?:[^<>]|<(?!<)|>(?!>))*)>>")


def font_problems(pdf: bytes, fonts: tuple[str, ...] = (FONT_REGULAR, FONT_BOLD)) -> list[str]:
    """What is wrong with the fonts of a PDF that reportlab wrote (empty list: nothing).

    Each font in `fonts` must be embedded (a font descriptor with a FontFile2 entry;
    reportlab names subsets like `AAAAAA+DejaVuSans`), and no base-14 font may appear
    (it would be unembedded). Reads reportlab's plain object syntax (no object
    streams); not a general PDF parser.
    """
    embedded: set[str] = set()
    for m in _FLAT_DICT.finditer(pdf):
        body = m.group(1)
        if b"/FontDescriptor" not in body or b"/FontFile2" not in body:
            continue
        found = _FONT_NAME.search(body)
        if found:
            embedded.add(found.group(1).decode("latin-1").split("+", 1)[-1])
    problems = [f"typsnittet {name} är inte inbäddat" for name in fonts if name not in embedded]
    for m in _BASE_FONT.finditer(pdf):
        base = m.group(1).decode("latin-1")
        if base in BASE14:
            problems.append(f"standardtypsnittet {base} används utan att vara inbäddat")
    return problems
