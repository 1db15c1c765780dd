"""Small generated PNG 'photos' for demo data: no image library, no personal content."""

from __future__ import annotations

import random
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def demo_photo(seed: int, width: int = 480, height: int = 360) -> bytes:
    """A soft gradient with a few coloured shapes, like a blurred work photo."""
    rng = random.Random(seed)
    base = [rng.randint(60, 200) for _ in range(3)]
    shapes = [
        (
            rng.randint(0, width),
            rng.randint(0, height),
            rng.randint(30, 110),
            [rng.randint(0, 255) for _ in range(3)],
        )
        for _ in range(4)
    ]
    rows = bytearray()
    for y in range(height):
        shade = y * 60 // height
        line = bytearray(bytes(min(255, c + shade) for c in base) * width)
        # Earlier shapes lie on top, so paint in reverse order.
        for cx, cy, r, col in reversed(shapes):
            dy = y - cy
            if dy * dy > r * r:
                continue
            half = int((r * r - dy * dy) ** 0.5)
            x0, x1 = max(0, cx - half), min(width, cx + half + 1)
            if x0 < x1:
                line[x0 * 3 : x1 * 3] = bytes(col) * (x1 - x0)
        rows.append(0)
        rows.extend(line)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + _chunk(b"IEND", b"")
    )
