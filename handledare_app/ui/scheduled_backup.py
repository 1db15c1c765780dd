"""Backups on a schedule while the window is open (DESIGN §4), off the GUI thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from . import tasks

if TYPE_CHECKING:
    from ..services.app import App

log = logging.getLogger(__name__)

BACKUP_INTERVAL_MS = 4 * 60 * 60 * 1000
REASON = "schema"


class ScheduledBackup(QObject):
    def __init__(
        self, app: App, parent: QObject | None = None, interval_ms: int = BACKUP_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._task: tasks.Task | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)
        self.timer.start()

    def run_now(self) -> None:
        if self._task is not None and not self._task.finished.is_set():
            return  # the previous one is still copying
        self._task = tasks.run_in_background(lambda _ctx: self._backup(), lane="long")

    def wait(self, timeout: float | None = None) -> None:
        if self._task is not None:
            self._task.wait(timeout)

    def _backup(self) -> None:
        try:
            self._app.backup_now(REASON)
        except Exception:  # a failed backup must never disturb the user's work
            log.exception("scheduled backup failed")
