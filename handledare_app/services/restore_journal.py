"""`restore --ersatt` as one recoverable step (issue 14).

The copy is first unpacked and checked in a staging folder inside the data folder. Then a
journal naming that folder is written (fsynced), and the staged installation is moved in
with idempotent steps: photos, the keys folder (one directory rename), the database last.
A kill anywhere after the journal exists is finished at the next start by running the
same steps again; a kill before it leaves the old installation untouched, and the
staging folder (which holds private keys) is swept. Old keys and database are moved
aside, never deleted.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..storage import backup as storage_backup
from ..storage.fsutil import fsync_dir, publish
from .paths import DataPaths

JOURNAL_NAME = ".aterstallning.journal"
STAGING_PREFIX = ".aterstallning-"
DB_MEMBER = "handledare.sqlite"


def journal_path(paths: DataPaths) -> Path:
    return paths.root / JOURNAL_NAME


def _fsync_tree(folder: Path) -> None:
    for dirpath, _dirs, _files in os.walk(folder):
        fsync_dir(Path(dirpath))


def begin(paths: DataPaths, staging: Path, stamp: str) -> None:
    """The staged copy is complete and checked: from now on the restore is finished, not
    rolled back, whatever happens."""
    _fsync_tree(staging)
    tmp = paths.root / (JOURNAL_NAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"staging": staging.name, "stamp": stamp}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    publish(tmp, journal_path(paths))


def _aside(path: Path, stamp: str) -> Path:
    target = path.with_name(f"{path.name}.ersatt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.ersatt-{stamp}-{n}")
    return target


def apply(paths: DataPaths, staging: Path, stamp: str) -> Path | None:
    """Move the staged installation in; safe to run again after a kill at any point.
    Returns where the replaced database went (None if there was none or it already moved)."""
    replaced: Path | None = None
    staged_blobs = staging / "blobs"
    if staged_blobs.is_dir():
        for sub in staged_blobs.iterdir():
            (paths.blobs / sub.name).mkdir(parents=True, exist_ok=True)
            for blob in sub.iterdir():
                final = paths.blobs / sub.name / blob.name
                if not final.exists():  # same name, same content
                    os.replace(blob, final)
            fsync_dir(paths.blobs / sub.name)
    staged_keys = staging / "keys"
    if staged_keys.is_dir():
        for key in staged_keys.iterdir():
            os.chmod(key, 0o600)  # owner-only, as for keys made here
        if paths.keys.exists():
            if paths.keys.is_dir() and not any(paths.keys.iterdir()):
                paths.keys.rmdir()
            else:
                os.replace(paths.keys, _aside(paths.keys, stamp))
        publish(staged_keys, paths.keys)  # the keys change in one rename
    staged_db = staging / DB_MEMBER
    if staged_db.exists():
        if paths.db.exists():
            replaced = storage_backup.move_aside_as(paths.db, "ersatt")
        for suffix in ("-wal", "-shm"):
            # Left behind by a kill inside move_aside_as: an old WAL must never be paired
            # with the restored database (SQLite would replay it into the wrong file).
            side = Path(str(paths.db) + suffix)
            if side.exists():
                os.replace(side, _aside(side, stamp))
        publish(staged_db, paths.db)
    return replaced


def finish(paths: DataPaths, staging: Path) -> None:
    journal_path(paths).unlink(missing_ok=True)
    fsync_dir(paths.root)
    shutil.rmtree(staging, ignore_errors=True)


def finish_interrupted(paths: DataPaths) -> str | None:
    """At start: complete a restore that was killed after its journal was written.
    Returns a notice for the user, or None when there was nothing to finish."""
    journal = journal_path(paths)
    if not journal.exists():
        return None
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        staging = paths.root / str(entry["staging"])
        stamp = str(entry["stamp"])
    except (OSError, ValueError, KeyError, TypeError):
        # A journal is only renamed into place once complete; an unreadable one is damage.
        journal.replace(paths.root / f"{JOURNAL_NAME}.skadad")
        return (
            "En avbruten återställning hittades men dess journal gick inte att läsa. "
            "Den är sparad som .aterstallning.journal.skadad; kontrollera installationen."
        )
    if staging.name.startswith(STAGING_PREFIX) and staging.is_dir():
        apply(paths, staging, stamp)
    finish(paths, staging)
    return (
        "En återställning som avbröts (t.ex. av ett strömavbrott) har slutförts nu. "
        "Den tidigare databasen och nycklarna finns kvar undanflyttade i datamappen."
    )
