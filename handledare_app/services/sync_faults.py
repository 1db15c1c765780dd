"""A sync folder that fails part-way (issue 11, bad input): full, or the stick pulled out.

Each becomes `SyncIncomplete`, a UserError whose message says what happened and what to
do, in Swedish, and whose details say what was read before it happened (that stays:
each package is applied in one transaction). Nothing is marked as delivered by writing a
package (services/delivery.py), so the next sync to a folder that works sends it all.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from .files import os_error_text

if TYPE_CHECKING:
    from .sync import SyncReport

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
KEPT = "Det som lästes in från de andra datorerna finns kvar."


class SyncIncomplete(UserError):
    """The sync stopped part-way; `report` holds what was done before that."""

    def __init__(self, message: str, report: SyncReport) -> None:
        super().__init__(message, [report.summary(), *report.notes])
        self.report = report


def is_full(exc: BaseException) -> bool:
    return getattr(exc, "errno", None) in _FULL


def folder_gone(folder: Path) -> bool:
    """True when the folder cannot be listed any more (the stick was pulled out: the
    mount point is gone, or every access fails with an I/O error)."""
    try:
        os.listdir(folder)
    except OSError:
        return True
    return False


def stick_removed(folder: Path, report: SyncReport) -> SyncIncomplete:
    read = f"{report.read} paket lästes in och finns kvar" if report.read else "Inget hann läsas in"
    return SyncIncomplete(
        f"USB-minnet togs bort mitt under synkroniseringen (mappen {folder} går inte längre "
        f"att nå). {read}; det som inte hann läsas in läses nästa gång. Den här datorns "
        "ändringar skrevs inte. Sätt i USB-minnet igen och tryck Synkronisera.",
        report,
    )


def write_failed(folder: Path, exc: BaseException, report: SyncReport) -> SyncIncomplete:
    """This laptop's package could not be written: say why and what to do."""
    if is_full(exc):
        return SyncIncomplete(
            f"Mappen {folder} är full: den här datorns ändringar fick inte plats och skrevs "
            "inte. Frigör plats på USB-minnet eller välj en annan mapp, och synkronisera "
            f"igen. {KEPT}",
            report,
        )
    if folder_gone(folder):
        return stick_removed(folder, report)
    if isinstance(exc, UserError):
        return SyncIncomplete(f"{exc.message} {KEPT}", report)
    reason = os_error_text(exc) if isinstance(exc, OSError) else "okänt fel"
    return SyncIncomplete(
        f"Den här datorns paket kunde inte sparas i {folder} ({reason}). {KEPT}", report
    )
