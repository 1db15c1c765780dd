"""Known faults that bench_kill9's trials must catch (issue 14 item 5).

`python benchmarks/bench_kill9.py --mutation NAME` runs the trials that target one fault
with that fault put back: the child (and the start after the kill) monkeypatches the app
before it does anything, re-creating the behaviour the code had before issue 14. A
mutation that no trial flags is a blind spot of the bench. Nothing here is imported by
the app itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kill9_hooks import patch


@dataclass(frozen=True)
class Mutation:
    fault: str  # the behaviour put back, in one line
    install: Callable[[], None]
    points: tuple[tuple[str, str], ...]  # exact kill points (op, point) that target it
    ops: tuple[str, ...]  # operations its random-moment trials are drawn from


def _restore_without_journal() -> None:
    """restore --ersatt as before the journal: keys moved in one by one, then the old
    database moved aside, then the new one in; nothing finishes it after a kill."""
    from handledare_app.services import restore_journal
    from handledare_app.storage import backup as storage_backup

    def begin(_paths: Any, _staging: Path, _stamp: str) -> None:
        return None  # no journal

    def apply(paths: Any, staging: Path, stamp: str) -> Path | None:
        replaced: Path | None = None
        staged_blobs = staging / "blobs"
        if staged_blobs.is_dir():
            for sub in staged_blobs.iterdir():
                (paths.blobs / sub.name).mkdir(parents=True, exist_ok=True)
                for blob in sub.iterdir():
                    final = paths.blobs / sub.name / blob.name
                    if not final.exists():
                        os.replace(blob, final)
        staged_keys = staging / "keys"
        if staged_keys.is_dir():
            for key in staged_keys.iterdir():
                os.chmod(key, 0o600)  # kept: that fault is restored-keys-0644's alone
            if paths.keys.is_dir() and any(paths.keys.iterdir()):
                os.replace(paths.keys, paths.root / f"keys.ersatt-{stamp}")
            paths.keys.mkdir(exist_ok=True)
            for key in staged_keys.iterdir():
                os.replace(key, paths.keys / key.name)
        if paths.db.exists():
            replaced = storage_backup.move_aside_as(paths.db, "ersatt")
        os.replace(staging / restore_journal.DB_MEMBER, paths.db)
        return replaced

    patch(restore_journal, "begin", begin)
    patch(restore_journal, "apply", apply)


def _trust_after_commit() -> None:
    """The admin's --trust-fingerprint decision saved in a transaction of its own after
    the import has committed."""
    from handledare_app.services import exchange_import, trust

    real_accept = trust.TrustService.accept_signer
    pending: list[tuple[Any, ...]] = []

    def accept(
        self: Any, actor: str | None, key: str, name: str, inst: str = "", tx: Any = None
    ) -> None:
        if tx is not None:  # asked to save it with the import: postpone it
            pending.append((self, actor, key, name, inst))
            return
        real_accept(self, actor, key, name, inst)

    real_run = exchange_import.Importer.run

    def run(self: Any, path: Path, **kw: Any) -> Any:
        report = real_run(self, path, **kw)
        while pending:
            real_accept(*pending.pop(0))
        return report

    patch(trust.TrustService, "accept_signer", accept)
    patch(exchange_import.Importer, "run", run)


def _no_sweep() -> None:
    """Plain-text leftovers of a killed operation are not deleted at start."""
    from handledare_app.services import leftovers

    def sweep(_paths: Any) -> int:
        return 0

    patch(leftovers, "sweep", sweep)


def _final_name(file: Any) -> Any:
    """`.X.tmp` or `X.tmp` → `X`: the temp name of the code is the final one."""
    if isinstance(file, (str, Path)) and str(file).endswith(".tmp"):
        p = Path(file)
        name = p.name[: -len(".tmp")]
        return p.with_name(name[1:] if name.startswith(".") else name)
    return file


class _SqliteToFinalName:
    """The sqlite3 module inside storage.backup, opening a backup under its final name."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def connect(self, database: Any, *a: Any, **kw: Any) -> Any:
        if isinstance(database, str) and ".tmp?" in database:  # a read-only URI
            database = database.replace(".tmp?", "?")
        return self._real.connect(_final_name(database), *a, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _publish_direct() -> None:
    """Backups, packages and certificates written directly under their final names (no
    temp name, no rename)."""
    from handledare_app.services import files, package
    from handledare_app.storage import backup as storage_backup

    def publish(_tmp: Path, _final: Path) -> None:
        return None  # already there

    for module in (files, package, storage_backup):

        def opener(file: Any, *a: Any, **kw: Any) -> Any:
            return open(_final_name(file), *a, **kw)

        patch(module, "open", opener)
        patch(module, "publish", publish)
    patch(storage_backup, "sqlite3", _SqliteToFinalName(vars(storage_backup)["sqlite3"]))


def _import_batch_commits() -> None:
    """An import applied in several transactions: a commit after every batch."""
    from handledare_app.services import exchange_import

    real_batch = exchange_import.Importer._batch

    def batch(self: Any, tx: Any, entity: str, rows: list[Any], *a: Any) -> Any:
        out = real_batch(self, tx, entity, rows, *a)
        if a[-1] and rows:  # write
            tx.flush()
            con = tx.session.connection()
            con.exec_driver_sql("COMMIT")
            con.exec_driver_sql("BEGIN IMMEDIATE")
        return out

    patch(exchange_import.Importer, "_batch", batch)


def _restored_keys_readable() -> None:
    """Restored key files left readable by everyone (0644)."""
    real_chmod = os.chmod

    def chmod(path: Any, mode: int, *a: Any, **kw: Any) -> None:
        if Path(path).parent.name == "keys" and mode == 0o600:
            mode = 0o644
        real_chmod(path, mode, *a, **kw)

    patch(os, "chmod", chmod)


_RESTORE_POINTS = (
    ("restore", "restore-after-journal"),
    *[("restore", f"restore-rename-{n}") for n in (1, 2, 3, 4)],
)

MUTATIONS: dict[str, Mutation] = {
    "restore-no-journal": Mutation(
        "restore --ersatt without its journal: key files, then the database, one by one",
        _restore_without_journal,
        _RESTORE_POINTS,
        ("restore",),
    ),
    "trust-after-commit": Mutation(
        "--trust-fingerprint decision saved in its own transaction after the import",
        _trust_after_commit,
        (("import", "import-in-transaction"), ("import", "import-after-commit")),
        ("import",),
    ),
    "no-sweep": Mutation(
        "plain-text temp files not cleaned at start (leftovers.sweep disabled)",
        _no_sweep,
        (
            ("import", "import-in-transaction"),
            ("backup", "backup-before-rename"),
            ("backup", "backup-mid-write"),
            ("export", "export-mid-write"),
        ),
        ("import", "export", "copy"),
    ),
    "publish-direct": Mutation(
        "backup, package and certificate written under their final names (no tmp + rename)",
        _publish_direct,
        (
            ("backup", "backup-before-rename"),
            ("backup", "backup-mid-write"),
            ("export", "export-mid-write"),
            ("certificates", "certificate-mid-write"),
        ),
        ("backup", "export", "certificates"),
    ),
    "import-batch-commits": Mutation(
        "an import applied in several transactions (a commit after every batch)",
        _import_batch_commits,
        (
            ("import", "import-mid-batches"),
            ("import", "import-in-transaction"),
            ("import", "import-after-commit"),
        ),
        ("import",),
    ),
    "restored-keys-0644": Mutation(
        "restored key files left readable by everyone (0644)",
        _restored_keys_readable,
        _RESTORE_POINTS,
        ("restore",),
    ),
}


def install(name: str | None) -> None:
    if name:
        MUTATIONS[name].install()
