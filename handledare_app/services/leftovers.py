"""Sweep what a killed operation left behind (issue 14): decrypted import packages,
unencrypted export zips, database snapshots for copies, restore staging folders (with
private keys) and half-written `*.tmp` files. Run at start, with the data-folder lock
held, so nothing here can belong to a running operation."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from collections.abc import Iterator
from fnmatch import translate
from pathlib import Path

from . import restore_journal
from .paths import DataPaths

log = logging.getLogger(__name__)


def _files(folder: Path, patterns: tuple[str, ...], recursive: bool = False) -> Iterator[Path]:
    if not folder.is_dir():
        return
    if recursive:  # one walk for all patterns (the photo folder is large, and this runs at start)
        wanted = re.compile("|".join(translate(os.path.normcase(p)) for p in patterns))
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                if wanted.match(os.path.normcase(name)):
                    yield Path(dirpath) / name
        return
    for pattern in patterns:
        yield from (p for p in folder.glob(pattern) if p.is_file())


def leftovers(paths: DataPaths) -> list[Path]:
    """Everything a finished operation would have removed. Restore staging counts only
    without a journal (with one, `restore_journal.finish_interrupted` completes it)."""
    out: list[Path] = []
    work = paths.root / "tmp"
    out += _files(work, (".import-*.zip", ".export-*.zip", "*.tmp"))
    out += _files(paths.root, (".kopia-*.sqlite", "*.restore.tmp", ".*.tmp", ".skrivtest-*"))
    out += _files(paths.blobs, (".in-*", "*.tmp"), recursive=True)
    out += _files(paths.backups, ("*.tmp",))
    out += _files(paths.keys, (".*.tmp",))
    if not restore_journal.journal_path(paths).exists():
        out += [p for p in paths.root.glob(restore_journal.STAGING_PREFIX + "*") if p.is_dir()]
    return out


def sweep(paths: DataPaths) -> int:
    """Delete the leftovers; returns how many (names are not logged: they may hint at
    content, and counts are enough)."""
    found = leftovers(paths)
    for p in found:
        with contextlib.suppress(OSError):
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()
    if found:
        log.info("swept %d leftovers of interrupted operations", len(found))
    return len(found)
