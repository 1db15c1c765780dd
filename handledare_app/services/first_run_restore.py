"""Återställ från kopia in the first-run wizard (issue 11): restore a `.hkopia` into this
data folder, which is not set up yet, and reopen it in place.

Like a restore from Inställningar (BackupService.restore_from_copy) the data-folder lock
passes from the closed App to the reopened one, so nothing else can open the folder in
between and the window goes on with the restored data without a restart. Nothing is
backed up first: there is nothing to keep.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from . import installation_copy
from .backups import RestoreFailed

if TYPE_CHECKING:
    from .app import App


@dataclass(frozen=True)
class FirstRunRestore:
    app: App  # the reopened App; the one passed in is closed
    created_at: dt.datetime  # when the copy was made


def restore_first_run(
    app: App,
    source: Path,
    passphrase: str,
    *,
    progress: installation_copy.Progress | None = None,
) -> FirstRunRestore:
    """Wrong passphrase or not a copy: UserError, this App still open and unchanged.
    A failure after it was closed: RestoreFailed carrying the reopened (still empty)
    App to go on with."""
    from .app import open_locked

    if app.setup.is_set_up():
        raise UserError("Den här datorn är redan upplagd; återställ under Inställningar.")
    installation_copy.check_passphrase_of(source, passphrase)
    paths = app.paths
    lock = app.hand_over_lock()
    app.close()
    failure: BaseException | None = None
    created = dt.datetime.fromtimestamp(0, dt.UTC)
    try:
        result = installation_copy.restore_copy(
            source, passphrase, paths.root, replace=True, progress=progress, lock_held=True
        )
        created = result.created_at
    except BaseException as exc:  # reopened below either way
        failure = exc
    try:
        new_app = open_locked(paths, lock, backup_at_start=False)
    except BaseException:
        lock.release()
        raise
    if failure is not None:
        if not isinstance(failure, Exception):
            new_app.close()
            raise failure
        message = (
            failure.message
            if isinstance(failure, UserError)
            else "Återställningen avbröts av ett oväntat fel. Inget har ändrats."
        )
        raise RestoreFailed(message, new_app) from failure
    return FirstRunRestore(new_app, created)
