"""Synkronisera (issue 11): one button on Utbyte that keeps this workplace's laptops in
step through a folder (a USB stick, a network share, a synced cloud folder)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..domain.records import SupervisorInfo
from .background import BackgroundJob
from .errors import failure_text
from .widgets import ErrorLabel, heading_label, text_label

if TYPE_CHECKING:
    from ..services.app import App

INTRO = (
    "Håll arbetsplatsens datorer i takt: välj en mapp som alla datorer når (till exempel "
    "USB-minnet) och tryck Synkronisera på varje dator. Inget försvinner om ett paket "
    "kommer bort: det skickas igen nästa gång."
)


class SyncPanel(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.task = BackgroundJob(self)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.folder_label = text_label("", self, selectable=True)
        self.folder_label.setAccessibleName("Mapp för synkronisering")
        self.choose_button = QPushButton("Välj &mapp …", self)
        self.choose_button.setAccessibleName("Välj mapp för synkronisering")
        self.choose_button.clicked.connect(self.choose_folder)
        self.sync_button = QPushButton("S&ynkronisera", self)
        self.sync_button.setAccessibleName("Synkronisera med arbetsplatsens andra datorer")
        self.sync_button.clicked.connect(self.start_sync)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Förlopp: synkronisering")
        self.bar.setVisible(False)
        self.task.progressed.connect(self._progress)
        self.error = ErrorLabel(self)
        self.result = text_label("", self, selectable=True)
        self.result.setAccessibleName("Resultat av synkroniseringen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(heading_label("Synkronisera", 2, self))
        layout.addWidget(text_label(INTRO, self))
        row = QHBoxLayout()
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.sync_button)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        self.folder: Path | None = None
        self.refresh()

    def refresh(self) -> None:
        try:
            self.folder = self.app.sync.folder()
        except UserError:
            self.folder = None
        self.folder_label.setText(
            f"Mapp: {self.folder}" if self.folder else "Ingen mapp vald ännu."
        )
        self.sync_button.setEnabled(self.folder is not None and not self.task.running)

    def choose_folder(self) -> None:
        start = str(self.folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Välj mapp för synkronisering", start)
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(f"Mapp: {self.folder}")
            self.start_sync()

    def start_sync(self) -> None:
        if self.folder is None or self.task.running:
            return
        folder = self.folder
        self.error.clear_error()
        self.result.setText("")
        self.sync_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.bar.setValue(0)
        self.bar.setVisible(True)
        actor = self.user.id
        self.task.start(
            lambda progress, _cancelled: self.app.sync.run(
                folder, actor_id=actor, progress=progress
            )
        )

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def _finish(self) -> None:
        self.bar.setVisible(False)
        self.choose_button.setEnabled(True)
        self.refresh()

    def _done(self, report: Any) -> None:
        self._finish()
        self.result.setText("\n".join(report.lines()))

    def _failed(self, exc: object) -> None:
        self._finish()
        self.error.show_error(failure_text(exc))


def screenshot_widgets(
    app: App, user: SupervisorInfo, _participant_id: str
) -> list[tuple[str, QWidget]]:
    """The Synkronisera panel after a sync, with its summary."""
    from .screenshots import OWN_SIZE

    panel = SyncPanel(app, user)
    panel.folder = Path("E:/Handledarappen")
    panel.folder_label.setText(f"Mapp: {panel.folder}")
    panel.sync_button.setEnabled(True)
    panel.result.setText(
        "3 nya bevis från Butikslaptop, 1 konflikt att granska.\n"
        "Den här datorns ändringar är skrivna till mappen."
    )
    panel.resize(900, panel.sizeHint().height())
    panel.setProperty(OWN_SIZE, True)  # a part of the Utbyte page, not a page of its own
    return [("utbyte-synkronisera", panel)]
