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
from .backups import restore_reopening

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
    if app.setup.is_set_up():
        raise UserError("Den här datorn är redan upplagd; återställ under Inställningar.")
    installation_copy.check_passphrase_of(source, passphrase)
    new_app, result = restore_reopening(app, source, passphrase, progress)
    return FirstRunRestore(new_app, result.created_at)
