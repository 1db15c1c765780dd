"""Säkerhetskopior: the list of automatic backups, *Säkerhetskopiera nu*, *Återställ*,
and the encrypted copy of the whole installation (`installation_copy`).

Restoring replaces the database file, so it cannot happen under open connections:
`restore` closes this App's database (keeping the data-folder lock, so no other
program can slip in), swaps the files, and returns a new App on the same lock. The
old App must not be used afterwards.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.enums import Role
from ..domain.errors import UserError
from ..storage import backup as storage_backup
from ..storage import migrate
from . import installation_copy
from .files import os_error_text

if TYPE_CHECKING:
    from .app import App

log = logging.getLogger(__name__)

MANUAL_REASON = "manuell"
BEFORE_RESTORE_REASON = "fore-aterstallning"

REASON_LABELS = {
    "start": "Vid start",
    storage_backup.UPGRADE_REASON: "Före uppgradering",
    "schema": "Schemalagd",
    "fore-katalogimport": "Före import av kriteriebank",
    "fore-import": "Före import",
    MANUAL_REASON: "Manuell",
    BEFORE_RESTORE_REASON: "Före återställning",
}


def reason_label(reason: str) -> str:
    if reason in REASON_LABELS:
        return REASON_LABELS[reason]
    return reason.replace("fore-", "före ").replace("-", " ").capitalize()


@dataclass(frozen=True)
class BackupEntry:
    """One automatic backup as the list shows it. `verified`: it passed SQLite's
    quick_check when it was taken (a copy only gets its final name after that)."""

    name: str
    taken_at: dt.datetime  # UTC
    reason: str
    reason_label: str
    size: int
    verified: bool

    @property
    def local_time_text(self) -> str:
        return f"{self.taken_at.astimezone():%Y-%m-%d %H:%M}"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB".replace(".", ",")
    return f"{size / 1024**3:.2f} GB".replace(".", ",")


@dataclass(frozen=True)
class RestoreOutcome:
    app: App  # the reopened App; the old one is closed
    restored: BackupEntry
    before_restore: BackupEntry
    moved_aside: Path


class RestoreFailed(UserError):
    """A restore from a file failed before anything was replaced. The data folder was
    reopened unchanged: `app` is the App to go on with (the old one is closed)."""

    def __init__(self, message: str, app: App) -> None:
        super().__init__(message)
        self.app = app


UNEXPECTED_RESTORE = "Återställningen avbröts av ett oväntat fel. Inget har ändrats."


def restore_reopening(
    app: App,
    source: Path,
    passphrase: str,
    progress: installation_copy.Progress | None,
) -> tuple[App, installation_copy.RestoreResult]:
    """Close `app`, restore the copy into its folder and reopen it, the data-folder lock
    passing from the closed App to the reopened one (nothing else can open the folder in
    between). Returns the reopened App. A failure (always before the swap) raises
    RestoreFailed carrying the App reopened on the unchanged folder."""
    from .app import open_locked

    paths = app.paths
    lock = app.hand_over_lock()
    app.close()
    failure: BaseException | None = None
    result: installation_copy.RestoreResult | None = None
    try:
        result = installation_copy.restore_copy(
            source, passphrase, paths.root, replace=True, progress=progress, lock_held=True
        )
    except BaseException as exc:  # reopened below either way
        failure = exc
    try:
        new_app = open_locked(paths, lock, backup_at_start=False)
    except BaseException:
        lock.release()
        raise
    if failure is not None or result is None:
        if failure is not None and not isinstance(failure, Exception):
            new_app.close()  # Ctrl+C, SystemExit: not a restore problem to explain
            raise failure
        if isinstance(failure, UserError):
            message = failure.message
        else:  # a bug: the user sees UNEXPECTED_RESTORE, the log keeps what happened
            log.error("restore from a copy failed unexpectedly", exc_info=failure)
            message = UNEXPECTED_RESTORE
        raise RestoreFailed(message, new_app) from failure
    return new_app, result


class BackupService:
    def __init__(self, app: App) -> None:
        self.app = app

    # --- the list -----------------------------------------------------------------------

    def list(self) -> list[BackupEntry]:
        """Newest first; a file that vanished while listing is left out."""
        out = []
        for b in storage_backup.list_backups(self.app.paths.backups):
            try:
                size = b.size
            except OSError:
                continue
            out.append(
                BackupEntry(b.path.name, b.taken_at, b.reason, reason_label(b.reason), size, True)
            )
        return out

    def _entry(self, info: storage_backup.BackupInfo) -> BackupEntry:
        return BackupEntry(
            info.path.name, info.taken_at, info.reason, reason_label(info.reason), info.size, True
        )

    def backup_now(self, actor_id: str | None) -> BackupEntry:
        """Säkerhetskopiera nu (any logged-in supervisor may)."""
        self.app.supervisors.require_staff(actor_id)
        try:
            return self._entry(self.app.backup_now(MANUAL_REASON))
        except OSError as exc:
            raise UserError(
                f"Säkerhetskopian kunde inte göras ({os_error_text(exc)}). "
                "Kontrollera diskutrymmet."
            ) from None

    def _find(self, name: str) -> storage_backup.BackupInfo:
        for b in storage_backup.list_backups(self.app.paths.backups):
            if b.path.name == name:
                return b
        raise UserError("Säkerhetskopian finns inte längre. Uppdatera listan.")

    def verify(self, name: str) -> None:
        """Check a backup now: SQLite integrity and a schema this version can open."""
        info = self._find(name)
        if not storage_backup.is_good_backup(info.path):
            raise UserError(
                f"Säkerhetskopian från {self._entry(info).local_time_text} är skadad och kan "
                "inte återställas. Välj en annan."
            )
        state = migrate.schema_state(info.path)
        if state.newer_than_code:
            raise UserError(
                "Säkerhetskopian är gjord av en nyare version av Handledarappen och kan inte "
                "återställas med den här versionen."
            )
        if state.current is None:
            raise UserError("Filen är ingen säkerhetskopia av Handledarappens databas.")

    # --- restore ----------------------------------------------------------------------

    def restore(self, actor_id: str | None, name: str) -> RestoreOutcome:
        """Återställ: verify the chosen copy, back up the current state, move the current
        database aside (never delete), put the copy in place, and reopen.

        Returns a new App; this one is closed (its database disposed, its lock handed
        over). Only admins. On an error before the swap nothing has changed."""
        from .app import open_locked

        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        chosen = self._find(name)
        self.verify(name)
        try:
            before = self.app.backup_now(BEFORE_RESTORE_REASON)
        except OSError as exc:
            raise UserError(
                "Det gick inte att först säkerhetskopiera nuvarande läge "
                f"({os_error_text(exc)}), så ingenting återställdes."
            ) from None
        paths = self.app.paths
        lock = self.app.hand_over_lock()
        self.app.close()  # the database only: the lock is no longer this App's
        staged = paths.db.with_name(paths.db.name + ".aterstalls")
        try:
            storage_backup.copy_database(chosen.path, staged)
            moved = storage_backup.move_aside_as(paths.db, "ersatt")
            staged.replace(paths.db)
        except OSError as exc:
            staged.unlink(missing_ok=True)
            lock.release()
            raise UserError(
                f"Återställningen misslyckades ({os_error_text(exc)}). Starta om "
                "Handledarappen; den senaste databasen finns kvar i datamappen."
            ) from None
        log.info("restored backup %s; previous database moved aside", name)
        try:
            new_app = open_locked(paths, lock, backup_at_start=False)
        except BaseException:
            lock.release()
            raise
        return RestoreOutcome(new_app, self._entry(chosen), self._entry(before), moved)

    def restore_from_copy(
        self,
        actor_id: str | None,
        source: Path,
        passphrase: str,
        *,
        progress: installation_copy.Progress | None = None,
    ) -> RestoreOutcome:
        """Replace this installation with an encrypted copy (*Återställ från fil…*).

        The passphrase and the file's start are checked first; the current state is
        backed up, then the copy is decrypted and checked in full before anything is
        replaced (the current database and keys are moved aside, never deleted).
        Returns a new App on the same lock; this one is closed. Only admins."""

        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        installation_copy.check_passphrase_of(source, passphrase)
        try:
            before = self.app.backup_now(BEFORE_RESTORE_REASON)
        except OSError as exc:
            raise UserError(
                "Det gick inte att först säkerhetskopiera nuvarande läge "
                f"({os_error_text(exc)}), så ingenting återställdes."
            ) from None
        paths = self.app.paths
        new_app, result = restore_reopening(self.app, source, passphrase, progress)
        entry = BackupEntry(
            source.name, result.created_at, "fil", "Krypterad kopia", source.stat().st_size, True
        )
        moved = result.replaced_database or paths.db
        return RestoreOutcome(new_app, entry, self._entry(before), moved)

    # --- the encrypted copy of the whole installation -------------------------------------

    def write_copy(
        self,
        actor_id: str | None,
        target: Path,
        passphrase: str,
        *,
        progress: installation_copy.Progress | None = None,
        cancelled: installation_copy.Cancelled | None = None,
    ) -> installation_copy.CopyResult:
        """Säkerhetskopiera till…: only admins (the copy holds everything, keys too)."""
        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        return installation_copy.write_copy(
            self.app.paths, target, passphrase, progress=progress, cancelled=cancelled
        )
