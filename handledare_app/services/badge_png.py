"""Open Badges 3.0 PNG baking: the credential in an iTXt chunk keyed `openbadgecredential`.

Written with struct and zlib (the chunk CRC): no image library. The chunk holds the
compact JWS uncompressed (compression flag 0, empty language tag and translated
keyword), goes just before IEND, and replaces any earlier credential chunk so one image
carries exactly one credential.
"""

from __future__ import annotations

import struct
import zlib

from ..domain.errors import ValidationError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
MAX_CHUNK = 16 * 1024 * 1024


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise ValidationError("Filen är ingen PNG-bild.")
    out = []
    pos = len(PNG_SIGNATURE)
    while pos < len(png):
        if pos + 8 > len(png):
            raise ValidationError("PNG-bilden är avkortad eller skadad.")
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        tag = png[pos + 4 : pos + 8]
        if length > MAX_CHUNK or pos + 12 + length > len(png):
            raise ValidationError("PNG-bilden är avkortad eller skadad.")
        data = png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        if crc != zlib.crc32(tag + data):
            raise ValidationError("PNG-bilden är skadad (fel kontrollsumma i en del av filen).")
        out.append((tag, data))
        pos += 12 + length
        if tag == b"IEND":
            break
    if not out or out[0][0] != b"IHDR" or out[-1][0] != b"IEND":
        raise ValidationError("PNG-bilden är avkortad eller skadad.")
    return out


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _is_credential(tag: bytes, data: bytes) -> bool:
    return tag == b"iTXt" and data.split(b"\0", 1)[0] == KEYWORD


def bake(png: bytes, credential: str) -> bytes:
    """`png` with `credential` (a compact JWS or JSON text) embedded."""
    itxt = KEYWORD + b"\0" + b"\0" + b"\0" + b"\0" + b"\0" + credential.encode("utf-8")
    out = [PNG_SIGNATURE]
    for tag, data in _chunks(png):
        if _is_credential(tag, data):
            continue
        if tag == b"IEND":
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(tag, data))
    return b"".join(out)


def extract(png: bytes) -> str:
    """The credential text baked into `png`; ValidationError if there is none."""
    for tag, data in _chunks(png):
        if not _is_credential(tag, data):
            continue
        # keyword \0 compression-flag compression-method language \0 translated \0 text
        rest = data[len(KEYWORD) + 1 :]
        if len(rest) < 2:
            break
        flag, rest = rest[0], rest[2:]
        parts = rest.split(b"\0", 2)
        if len(parts) != 3:
            break
        text = parts[2]
        try:
            if flag == 1:
                text = zlib.decompressobj().decompress(text, MAX_CHUNK)
            return text.decode("utf-8")
        except (zlib.error, UnicodeDecodeError):
            break
    raise ValidationError(
        "Bilden innehåller inget digitalt intyg (ingen del med nyckelordet ”openbadgecredential”)."
    )
