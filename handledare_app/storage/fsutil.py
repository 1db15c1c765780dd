"""Durability helpers: a rename is only safe across a power cut once its folder is fsynced."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from pathlib import Path
from urllib.parse import quote


def fsync_dir(folder: Path) -> None:
    """Make the entries of `folder` (a rename just done) durable. No-op where unsupported."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sync_filesystem(folder: Path) -> bool:
    """Make everything written to the file system holding `folder` durable, data and
    renames alike, in one call (Linux syncfs(2): one journal commit instead of one per
    file). False where unavailable or failed: the caller fsyncs file by file then."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def publish(tmp: Path, final: Path) -> None:
    """Rename a finished, fsynced temp file to its final name and fsync the folder."""
    os.replace(tmp, final)
    fsync_dir(final.parent)


def ro_uri(path: Path) -> str:
    """A read-only SQLite URI; `%`, `?` and `#` in the folder name are quoted, not parsed."""
    return f"file:{quote(str(path))}?mode=ro"
