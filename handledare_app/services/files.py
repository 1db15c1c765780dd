"""Reading files a user points at, and writing files safely."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import IO

from ..domain.errors import UserError
from ..storage.fsutil import publish

_ERRNO_TEXT = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.EISDIR: "det är en mapp",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.ENOSPC: "disken är full",
    errno.EROFS: "disken är skrivskyddad",
    errno.EIO: "läsfel på disken",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EEXIST: "det finns redan en fil med det namnet",
}


def os_error_text(exc: OSError) -> str:
    """The reason for an OS error in Swedish (strerror is English)."""
    if exc.errno in _ERRNO_TEXT:
        return _ERRNO_TEXT[exc.errno]
    return f"felkod {exc.errno}" if exc.errno else "okänt fel"


def read_user_file(path: Path, what: str, max_bytes: int) -> bytes:
    """Read a whole file, turning every OS problem into a Swedish message."""
    try:
        if path.is_dir():
            raise UserError(f"{what} {path} är en mapp, inte en fil.")
        size = path.stat().st_size
        if size > max_bytes:
            raise UserError(
                f"{what} {path.name} är för stor ({size // (1024 * 1024)} MB, "
                f"högst {max_bytes // (1024 * 1024)} MB)."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{what} {path} finns inte.") from None
    except PermissionError:
        raise UserError(f"{what} {path} går inte att läsa (behörighet saknas).") from None
    except OSError as exc:
        raise UserError(
            f"{what} {path} kunde inte läsas ({os_error_text(exc)}). "
            "Är USB-minnet urdraget eller skadat?"
        ) from None


def output_path(out: Path, example: str) -> Path:
    """The file a user asked to write (`~` expanded), refused when it is a folder or its
    folder does not exist; `example` is a file name to suggest."""
    out = out.expanduser()
    if out.is_dir():
        raise UserError(f"{out} är en mapp. Ange ett filnamn, till exempel {example}.")
    if not out.parent.is_dir():
        raise UserError(
            f"Mappen {out.parent} finns inte. Välj en mapp som finns, eller skapa den först."
        )
    return out


def write_file_atomic(path: Path, data: bytes, what: str) -> None:
    """Temp name, flush, fsync, rename: a crash never leaves half a file under the real name."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # e.g. the parent is a file: nothing to clean up
            tmp.unlink(missing_ok=True)
        raise UserError(f"Det gick inte att skriva {what} {path} ({os_error_text(exc)}).") from None
    if path.read_bytes() != data:
        raise UserError(f"{what.capitalize()} {path} blev inte rätt skriven. Försök igen.")


class ErrnoKeepingWriter:
    """The file object handed to pyrage: an OSError raised by `write` (a full disk)
    reaches Python wrapped in pyrage's own error without its errno; `error` keeps it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        try:
            return self.fh.write(data)
        except OSError as exc:
            self.error = exc
            raise

    def flush(self) -> None:
        self.fh.flush()
