"""Exact kill points for bench_kill9's child: it SIGKILLs itself when it reaches the point
named in KILL_AT. The points sit on seams that the code has with or without a mutation
(kill9_mutations.py), so the same trial runs against the good code and against a fault.

- restore-after-journal, restore-rename-N: after the restore journal is written, after the
  N-th rename that follows it;
- import-in-transaction: the import's rows are written, its transaction not committed;
- import-mid-batches: after the import's first non-empty batch was written;
- import-after-commit: the import's transaction has committed and `run` has not returned;
- backup-before-rename: a backup is whole under its temp name;
- backup-mid-write, export-mid-write, certificate-mid-write: in the middle of writing a
  backup, a package or a certificate PDF (half of the first write is on disk).
"""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any


def patch(target: object, name: str, value: object) -> None:
    """Monkeypatch one attribute (of a module or class of the app, in the child only)."""
    setattr(target, name, value)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class _HalfWriter:
    """A file whose first write puts half its bytes on disk, then the process dies."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._fh.write(chunk[: max(1, len(chunk) // 2)])
        self._fh.flush()
        die()
        return 0  # not reached

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._fh.__exit__(*exc)


def die_mid_write(module: ModuleType) -> None:
    """Files the module opens for writing die half-way through their first write."""
    real_open = getattr(module, "open", open)

    def opener(file: Any, mode: str = "r", *a: Any, **kw: Any) -> Any:
        fh = real_open(file, mode, *a, **kw)
        return _HalfWriter(fh) if any(c in mode for c in "wax") else fh

    patch(module, "open", opener)


class _Conn:
    """A sqlite3 connection whose `backup` dies after its first step (a partial copy)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def backup(self, target: Any, **_kw: Any) -> None:
        real = target._con if isinstance(target, _Conn) else target
        self._con.backup(real, pages=1, progress=lambda *_a: die())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class _SqliteDyingInBackup:
    """Stands in for the sqlite3 module inside one module of the app."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def connect(self, *a: Any, **kw: Any) -> _Conn:
        return _Conn(self._real.connect(*a, **kw))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def install(point: str | None) -> None:
    if not point:
        return
    from handledare_app.services import exchange_import, files, package, restore_journal
    from handledare_app.storage import backup as storage_backup

    if point.startswith("restore-rename-"):
        n = int(point.rsplit("-", 1)[1])
        real_replace = os.replace
        count = [0]
        journal_exists = [False]

        def replace(src: Any, dst: Any) -> None:
            journal = Path(dst).name.startswith(restore_journal.JOURNAL_NAME)
            real_replace(src, dst)
            if not journal and journal_exists[0]:
                count[0] += 1
                if count[0] == n:
                    die()

        patch(os, "replace", replace)
        real_begin = restore_journal.begin

        def begin(*a: Any) -> None:
            real_begin(*a)
            journal_exists[0] = True

        patch(restore_journal, "begin", begin)
    if point == "restore-after-journal":
        real_begin2 = restore_journal.begin

        def begin2(*a: Any) -> None:
            real_begin2(*a)
            die()

        patch(restore_journal, "begin", begin2)
    if point == "import-in-transaction":
        real_run = exchange_import.Importer._run

        def run(self: Any, tx: Any, *a: Any, **kw: Any) -> Any:
            out = real_run(self, tx, *a, **kw)
            if kw.get("write"):
                die()
            return out

        patch(exchange_import.Importer, "_run", run)
    if point == "import-mid-batches":
        real_batch = exchange_import.Importer._batch

        def batch(self: Any, tx: Any, entity: str, rows: list[Any], *a: Any) -> Any:
            out = real_batch(self, tx, entity, rows, *a)
            if a[-1] and rows:  # write, and something was written
                die()
            return out

        patch(exchange_import.Importer, "_batch", batch)
    if point == "import-after-commit":
        real_paused = exchange_import.Importer._run_paused

        def paused(self: Any, *a: Any) -> Any:
            report = real_paused(self, *a)
            if report.applied:
                die()
            return report

        patch(exchange_import.Importer, "_run_paused", paused)
    if point == "backup-before-rename":
        real_publish = vars(storage_backup)["publish"]

        def publish(tmp: Path, final: Path) -> None:
            die()
            real_publish(tmp, final)

        patch(storage_backup, "publish", publish)
    if point == "backup-mid-write":
        patch(storage_backup, "sqlite3", _SqliteDyingInBackup(vars(storage_backup)["sqlite3"]))
    if point == "export-mid-write":
        die_mid_write(package)
    if point == "certificate-mid-write":
        die_mid_write(files)
