"""Photos for PDFs (issue 13): turned upright by their EXIF orientation and scaled to
the size they print at, so a portfolio of 30 phone photos stays a few MB."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

PRINT_DPI = 200  # sharp on paper, a fraction of a 12-megapixel phone photo
POINTS_PER_INCH = 72.0


def print_ready(path: Path, max_w: float, max_h: float) -> tuple[io.BytesIO, float, float] | None:
    """(JPEG or PNG bytes, width, height in points) fitting max_w × max_h points, or None
    when the file does not decode as a picture."""
    try:
        with PILImage.open(path) as raw:
            img = ImageOps.exif_transpose(raw)  # upright, orientation tag dropped
            img.load()
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError):
        return None
    w, h = img.size
    if w <= 0 or h <= 0:
        return None
    # Small pictures are not blown up beyond the box; big ones shrink to fit it.
    scale = min(max_w / w, max_h / h, 1.0 if w > 400 else max_w / w)
    draw_w, draw_h = w * scale, h * scale
    px_w = max(1, round(draw_w / POINTS_PER_INCH * PRINT_DPI))
    px_h = max(1, round(draw_h / POINTS_PER_INCH * PRINT_DPI))
    if px_w < w:
        img = img.resize((px_w, px_h), PILImage.Resampling.LANCZOS)
    out = io.BytesIO()
    if img.mode in ("RGBA", "LA", "P"):
        img.save(out, "PNG", optimize=True)
    else:
        img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    out.seek(0)
    return out, draw_w, draw_h


def decodes_as_image(path: Path) -> bool:
    """True when the file is a picture Pillow can read (a text file named .jpg is not)."""
    try:
        with PILImage.open(path) as img:
            img.verify()
    except Exception:
        return False
    return True
