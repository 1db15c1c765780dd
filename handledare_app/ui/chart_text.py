"""Text layout for the painted bar charts (ui/bar_chart.py): category labels wrapped to a
width, and legend entries laid out in rows. Pure functions of a QFontMetrics, so what a
chart shows can be tested without looking at pixels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

MAX_LABEL_LINES = 2


def wrap_label(
    text: str, fm: QFontMetrics, width: int, max_lines: int = MAX_LABEL_LINES
) -> list[str]:
    """`text` broken at spaces into at most `max_lines` lines no wider than `width`. A
    word that is wider on its own, or text left over for a further line, is elided ("…");
    see is_complete."""
    width = max(1, width)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if not current or fm.horizontalAdvance(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_fitted(line, fm, width) for line in lines]


def _fitted(text: str, fm: QFontMetrics, width: int) -> str:
    """`text` as is when its advance fits (elidedText may cut a text of exactly `width`)."""
    if fm.horizontalAdvance(text) <= width:
        return text
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)


def is_complete(text: str, lines: list[str]) -> bool:
    """True when `lines` show all of `text` (nothing elided)."""
    return " ".join(lines) == " ".join(text.split())


def widest(texts: list[str], fm: QFontMetrics) -> int:
    return max((fm.horizontalAdvance(t) for t in texts), default=0)


def legend_rows(names: list[str], fm: QFontMetrics, width: int, box: int) -> list[list[str]]:
    """Legend entries (a colour box `box` wide, then the name) in rows that fit `width`;
    a name too wide for a row of its own is elided."""
    rows: list[list[str]] = [[]]
    used = 0
    for name in names:
        room = max(1, width - box * 2)
        shown = _fitted(name, fm, room)
        need = box + fm.horizontalAdvance(shown) + box  # box, name, a gap before the next
        if rows[-1] and used + need - box > width:
            rows.append([])
            used = 0
        rows[-1].append(shown)
        used += need
    return rows if rows[0] else []
