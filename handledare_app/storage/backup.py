"""Online backups with SQLite's backup API, verified and rotated; integrity checks."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .fsutil import fsync_dir, fsync_file, publish, ro_uri

BACKUP_RE = re.compile(r"^handledare-(\d{8})-(\d{6})-(\d{6})-([a-z-]+)\.sqlite$")

KEEP_RECENT = 10
KEEP_DAILY = 7
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12
KEEP_UPGRADE = 3
# The first backup of each of the newest days that have backups (today and the two
# before): many restarts in one day must not push that day's morning state out.
KEEP_FIRST_OF_DAY = 3
# No rotation keeps more than this many backups (the slots can overlap, so usually fewer).
MAX_KEPT = KEEP_RECENT + KEEP_UPGRADE + KEEP_FIRST_OF_DAY + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
UPGRADE_REASON = "fore-uppgradering"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


class DatabaseUnavailable(Exception):
    """The file could not be checked (locked, busy, unreadable): that is not corruption."""


def quick_check(path: Path) -> str | None:
    """None when the file is a healthy SQLite database, else the reason (for logs).

    Only damage ("not a database", "malformed") is reported as a reason; a file that
    is locked or cannot be read raises DatabaseUnavailable, so nobody "recovers" a
    healthy database that was merely busy.
    """
    try:
        con = sqlite3.connect(ro_uri(path), uri=True, timeout=5)
    except sqlite3.OperationalError as exc:
        raise DatabaseUnavailable(str(exc)) from None
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError as exc:  # locked, busy, I/O: not proof of damage
        raise DatabaseUnavailable(str(exc)) from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        return str(exc)
    finally:
        con.close()
    if rows == [("ok",)]:
        return None
    return "; ".join(str(r[0]) for r in rows[:5])


def _copy_failed(exc: sqlite3.Error, tmp: Path) -> OSError:
    """A copy that SQLite could not finish (a full disk: "database or disk is full") is an
    OSError like any other failed file write; the half-written copy is removed."""
    for part in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
    full = "full" in str(exc)
    return OSError(errno.ENOSPC if full else errno.EIO, f"copy failed: {exc}", str(tmp.parent))


def _now() -> dt.datetime:
    """The time a backup is named after (UTC); tests replace it to control the clock."""
    return dt.datetime.now(dt.UTC)


def take_backup(db_path: Path, backup_dir: Path, reason: str) -> BackupInfo:
    """Copy the live database; the copy is checked before it gets its final name, and
    only then are older ones rotated out."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    now = _now()
    name = f"handledare-{now:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    final = backup_dir / name
    tmp = backup_dir / (name + ".tmp")
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(tmp)
    failed: sqlite3.Error | None = None
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        failed = exc
    finally:
        dst.close()
        src.close()
    if failed is not None:
        raise _copy_failed(failed, tmp)
    problem = quick_check(tmp)
    if problem is not None:
        tmp.unlink(missing_ok=True)
        raise OSError(f"backup failed verification: {problem}")
    fsync_file(tmp)
    publish(tmp, final)
    rotate(backup_dir)
    return BackupInfo(final, now, reason)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Newest first."""
    if not backup_dir.is_dir():
        return []
    out = []
    for p in backup_dir.iterdir():
        m = BACKUP_RE.match(p.name)
        if not m:
            continue
        taken = dt.datetime.strptime(m.group(1) + m.group(2) + m.group(3), "%Y%m%d%H%M%S%f")
        out.append(BackupInfo(p, taken.replace(tzinfo=dt.UTC), m.group(4)))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def choose_kept(backups: list[BackupInfo]) -> set[Path]:
    """The backups to keep, from `backups` newest first:

    - the KEEP_RECENT (10) most recent;
    - the KEEP_UPGRADE (3) newest taken before a schema upgrade;
    - the oldest of each of the KEEP_FIRST_OF_DAY (3) newest days with backups (today,
      yesterday, ...), so ten restarts in a day still leave "this morning's state";
    - the newest of each of the KEEP_DAILY (7) newest days, KEEP_WEEKLY (8) ISO weeks
      and KEEP_MONTHLY (12) months (grandfather-father-son).

    Days, weeks and months are UTC, like the names. Worst case MAX_KEPT = 10 + 3 + 3 +
    7 + 8 + 12 = 43 backups, however many are taken; the slots overlap, so usually fewer.
    """
    keep = {b.path for b in backups[:KEEP_RECENT]}
    # The copies taken before schema upgrades are the way back to an older version.
    keep |= {b.path for b in [b for b in backups if b.reason == UPGRADE_REASON][:KEEP_UPGRADE]}
    first_of_day: dict[dt.date, Path] = {}
    for b in backups:  # newest first: the last one seen for a day is its oldest
        day = b.taken_at.date()
        if day in first_of_day or len(first_of_day) < KEEP_FIRST_OF_DAY:
            first_of_day[day] = b.path
    keep |= set(first_of_day.values())
    for key_fn, limit in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for b in backups:
            k = key_fn(b.taken_at)
            if k not in seen:
                seen.append(k)
                if len(seen) > limit:
                    break
                keep.add(b.path)
    return keep


def rotate(backup_dir: Path) -> list[Path]:
    backups = list_backups(backup_dir)
    keep = choose_kept(backups)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def is_good_backup(path: Path) -> bool:
    try:
        return quick_check(path) is None
    except DatabaseUnavailable:
        return False


def restore_newest_good(db_path: Path, backup_dir: Path) -> BackupInfo | None:
    """Copy the newest backup that passes quick_check into place."""
    for b in list_backups(backup_dir):
        if is_good_backup(b.path):
            tmp = db_path.with_suffix(".restore.tmp")
            src = sqlite3.connect(ro_uri(b.path), uri=True)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
            fsync_file(tmp)
            publish(tmp, db_path)
            return b
    return None


def move_aside(db_path: Path) -> Path:
    """Keep a damaged database (and its WAL) under a new name; never delete it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = db_path.with_name(f"{db_path.stem}.skadad-{stamp}{db_path.suffix}")
    os.replace(db_path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(target) + suffix))
    fsync_dir(db_path.parent)
    return target


# --- copies for restore and for the encrypted installation copy (issue 5) -------------


def copy_database(src: Path, dst: Path) -> None:
    """A consistent copy of `src` at `dst` with SQLite's backup API (safe while in use);
    the copy is in rollback-journal mode so it is one self-contained file, and fsynced."""
    tmp = dst.with_name(dst.name + ".tmp")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(ro_uri(src), uri=True, timeout=5)
    target = sqlite3.connect(tmp)
    failed: sqlite3.Error | None = None
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        failed = exc
    finally:
        target.close()
        source.close()
    if failed is not None:
        raise _copy_failed(failed, tmp)
    fsync_file(tmp)
    publish(tmp, dst)


def move_aside_as(db_path: Path, label: str) -> Path:
    """Like `move_aside`, with a label saying why (`ersatt` when a restore replaced it)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix}")
    os.replace(db_path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(target) + suffix))
    fsync_dir(db_path.parent)
    return target


def is_set_up_database(path: Path) -> bool:
    """True when the file holds an installation that has been set up (a workplace row).
    A file that cannot be read counts as set up: it must never be replaced by mistake."""
    try:
        con = sqlite3.connect(ro_uri(path), uri=True, timeout=5)
    except sqlite3.Error:
        return True
    try:
        row = con.execute("SELECT count(*) FROM workplace").fetchone()
    except sqlite3.OperationalError as exc:
        return "no such table" not in str(exc)
    except sqlite3.DatabaseError:
        return True
    finally:
        con.close()
    return bool(row and row[0])
