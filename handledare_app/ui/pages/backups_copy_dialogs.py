"""The two dialogs of Inställningar → Säkerhetskopior that handle an encrypted copy of the
whole installation (`.hkopia`): `CopyToDialog` (*Säkerhetskopiera till…*: file,
passphrase twice, progress and Avbryt while the copy is written in a background thread)
and `PassphraseDialog`, which asks once for the passphrase of an existing copy before
*Återställ från fil…*.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services.backups import size_text
from ..background import BackgroundJob
from ..widgets import ErrorLabel, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from ...services.installation_copy import CopyResult

FILE_FILTER = "Säkerhetskopia (*.hkopia)"


class PassphraseDialog(QDialog):
    """Asks once for the passphrase of an existing copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lösenfras")
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Skriv lösenfrasen som kopian skyddades med.", self))
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Lösenfras")
        form = QFormLayout()
        form.addRow(QLabel("&Lösenfras:", self), self.edit)
        label = form.labelForField(self.edit)
        if isinstance(label, QLabel):
            label.setBuddy(self.edit)
        layout.addLayout(form)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Fortsätt")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Fortsätt")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Avbryt")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)

    def passphrase(self) -> str:
        return self.edit.text()

    def _accept(self) -> None:
        if not self.edit.text():
            self.error.show_error("Skriv lösenfrasen.")
            return
        self.accept()


class CopyToDialog(QDialog):
    """Säkerhetskopiera till…: file, passphrase twice, progress, Avbryt."""

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        from ...services.installation_copy import PASSPHRASE_RULES

        super().__init__(parent)
        self.app = app
        self.user = user
        self.result_info: CopyResult | None = None
        self.setWindowTitle("Säkerhetskopiera till …")
        self.job = BackgroundJob(self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(self._failed)

        layout = QVBoxLayout(self)
        layout.addWidget(
            text_label(
                "Gör en krypterad kopia av hela installationen – databasen, alla bilder och "
                "filer och datorns nycklar – till en fil, helst på ett USB-minne. Med kopian "
                "och lösenfrasen kan allt återställas på en ny dator.",
                self,
            )
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Fil att spara kopian i")
        self.browse_button = QPushButton("&Välj …", self)
        self.browse_button.setAccessibleName("Välj fil")
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.pass1 = QLineEdit(self)
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass1.setAccessibleName("Lösenfras")
        self.pass2 = QLineEdit(self)
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2.setAccessibleName("Upprepa lösenfrasen")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        file_label = QLabel("&Fil:", self)
        file_label.setBuddy(self.path_edit)
        pass1_label = QLabel("&Lösenfras:", self)
        pass1_label.setBuddy(self.pass1)
        pass2_label = QLabel("&Upprepa lösenfrasen:", self)
        pass2_label.setBuddy(self.pass2)
        form.addRow(file_label, path_row)
        form.addRow(pass1_label, self.pass1)
        form.addRow(pass2_label, self.pass2)
        layout.addLayout(form)
        self.rules = text_label(PASSPHRASE_RULES, self)
        layout.addWidget(self.rules)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Förlopp")
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = text_label("", self)
        self.status.setAccessibleName("Status")
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(
            "&Skriv kopian", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setAccessibleName("Skriv kopian")
        self.start_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            "Avbryt", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAccessibleName("Avbryt")
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 45)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Spara säkerhetskopian", "handledarappen.hkopia", FILE_FILTER
        )
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        from ...services.installation_copy import check_passphrase

        self.error.clear_error()
        target = self.path_edit.text().strip()
        if not target:
            self.error.show_error("Välj var kopian ska sparas.")
            self.path_edit.setFocus()
            return
        if self.pass1.text() != self.pass2.text():
            self.error.show_error("Lösenfraserna är olika. Skriv samma lösenfras två gånger.")
            self.pass2.setFocus()
            return
        try:
            check_passphrase(self.pass1.text())
        except UserError as exc:
            self.error.show_error(exc.message)
            self.pass1.setFocus()
            return
        passphrase, user_id = self.pass1.text(), self.user.id
        for w in (self.path_edit, self.pass1, self.pass2, self.browse_button, self.start_button):
            w.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText("Gör en ögonblicksbild av databasen …")
        self.job.start(
            lambda progress, cancelled: self.app.backups.write_copy(
                user_id, Path(target), passphrase, progress=progress, cancelled=cancelled
            )
        )

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if done >= total:
            self.status.setText("Läser tillbaka och kontrollerar kopian …")
        else:
            self.status.setText(f"Skriver … {done * 100 // max(total, 1)} %")

    def _done(self, result: object) -> None:
        self.result_info = result  # type: ignore[assignment]
        info: CopyResult = result  # type: ignore[assignment]
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(
            f"Klart. Kopian är skriven och kontrollerad: {info.path} ({size_text(info.size)})."
        )
        self.cancel_button.setText("Stäng")
        self.cancel_button.setAccessibleName("Stäng")

    def _failed(self, exc: object) -> None:
        self.progress.setVisible(False)
        for w in (self.path_edit, self.pass1, self.pass2, self.browse_button, self.start_button):
            w.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, UserError):
            self.error.show_error(exc.message)
        else:
            self.error.show_error(
                "Något gick fel, och ingen kopia skrevs. Detaljer finns i loggfilen."
            )

    def _cancel(self) -> None:
        if self.job.running:
            self.job.cancel()
            self.status.setText("Avbryter …")
            return
        self.reject()

    def reject(self) -> None:
        if self.job.running:  # Esc or the window's close button while writing
            self._cancel()
            return
        super().reject()
