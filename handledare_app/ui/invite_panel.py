"""Bjud in en dator (issue 11): an admin writes an invitation file for a new laptop of
this workplace; the one-time code is shown on screen only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..domain.enums import Role
from ..domain.records import SupervisorInfo
from .background import BackgroundJob
from .errors import failure_text
from .widgets import ErrorLabel, heading_label, text_label

if TYPE_CHECKING:
    from ..services.app import App

INTRO = (
    "En ny dator på arbetsplatsen ansluts med en inbjudan: spara filen (till exempel på "
    "USB-minnet) och skriv in koden som visas här på den nya datorn, under Anslut till "
    "en arbetsplats. Inbjudan gäller i 7 dagar och fungerar en gång."
)


class InvitePanel(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.task = BackgroundJob(self)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.invite_button = QPushButton("&Bjud in en dator …", self)
        self.invite_button.setAccessibleName("Bjud in en dator till arbetsplatsen")
        self.invite_button.clicked.connect(self.choose_file_and_invite)
        self.retire_button = QPushButton("&Ta bort dator ur arbetsplatsen …", self)
        self.retire_button.setAccessibleName("Ta bort dator ur arbetsplatsen")
        self.retire_button.clicked.connect(self.retire_computer)
        self.error = ErrorLabel(self)
        self.result = text_label("", self, selectable=True)
        self.result.setAccessibleName("Inbjudan och koden")
        row = QHBoxLayout()
        row.addWidget(self.invite_button)
        row.addWidget(self.retire_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Arbetsplatsens datorer", 2, self))
        layout.addWidget(text_label(INTRO, self))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        is_admin = Role.ADMIN in self.user.roles
        self.invite_button.setEnabled(is_admin and not self.task.running)
        self.invite_button.setToolTip("" if is_admin else "Bara en administratör kan bjuda in.")
        self.retire_button.setEnabled(is_admin and not self.task.running)
        self.retire_button.setToolTip(
            "" if is_admin else "Bara en administratör kan ta bort en dator."
        )

    def retire_computer(self) -> None:
        from .retire_computer import ask_and_retire

        self.error.clear_error()
        done = ask_and_retire(self, self.app, self.user.id)
        if done:
            self.result.setText(done)

    def choose_file_and_invite(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Spara inbjudan",
            str(Path.home() / "ny-dator.hinbjudan"),
            "Inbjudan (*.hinbjudan)",
        )
        if path:
            self.start_invite(Path(path if path.endswith(".hinbjudan") else path + ".hinbjudan"))

    def start_invite(self, path: Path) -> None:
        self.error.clear_error()
        self.result.setText("Inbjudan skrivs …")
        self.invite_button.setEnabled(False)
        actor = self.user.id
        self.task.start(lambda _p, _c: self.app.joining.invite(actor, path))

    def _done(self, invitation: Any) -> None:
        self.refresh()
        self.result.setText(
            f"Inbjudan är sparad: {invitation.path.name} (gäller till "
            f"{invitation.expires_at[:10]}).\nKod att skriva in på den nya datorn: "
            f"{invitation.code}"
        )

    def _failed(self, exc: object) -> None:
        self.refresh()
        self.result.setText("")
        self.error.show_error(failure_text(exc))
