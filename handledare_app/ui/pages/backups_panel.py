"""Inställningar → Säkerhetskopior: the list, *Säkerhetskopiera nu*, *Återställ*,
*Säkerhetskopiera till…* and *Återställ från fil…*. The dialogs for the encrypted copy
are in `backups_copy_dialogs`; `make_page_scrollable` is in `page_scroll`.

Every copy and restore runs in a background thread (`BackgroundJob`); a restore closes
the data connection and hands the window a new App (`on_app_replaced`), after which the
window asks for a new login (the restored data may have other supervisors).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...services.backups import size_text
from ..background import BackgroundJob
from ..errors import show_user_error
from ..rights import ADMIN_ONLY, STAFF_ONLY, allow, is_staff
from ..rights import is_admin as user_is_admin
from ..table_models import RecordTableModel
from ..widgets import heading_label, read_only_table, text_label
from .backups_copy_dialogs import FILE_FILTER, CopyToDialog, PassphraseDialog

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from ...services.backups import BackupEntry, RestoreOutcome

INTRO_TEXT = (
    "Appen gör säkerhetskopior av databasen automatiskt: vid start, var fjärde timme, före "
    "import och före uppgradering. Varje kopia kontrolleras innan den sparas. Kopiorna "
    "ligger på den här datorn; gör också en krypterad kopia till ett USB-minne ibland."
)


class BackupTableModel(RecordTableModel["BackupEntry"]):
    columns = (
        ("Datum och tid", lambda b: b.local_time_text),
        ("Anledning", lambda b: b.reason_label),
        ("Storlek", lambda b: size_text(b.size)),
        ("Kontroll", lambda b: "Kontrollerad" if b.verified else "Ej kontrollerad"),
    )


def _restore_explanation(what: str) -> str:
    return (
        f"Vill du återställa {what}?\n\n"
        "Så här går det till:\n"
        "1. Läget just nu sparas först som en säkerhetskopia (”Före återställning”), så du "
        "kan ångra.\n"
        "2. Den nuvarande databasen flyttas undan i datamappen. Den raderas inte.\n"
        "3. Kopian läggs på plats och appen kopplar upp sig mot databasen på nytt.\n\n"
        "Ändringar gjorda efter kopians tidpunkt syns inte efteråt. Du behöver logga in igen."
    )


class BackupsPanelWidget(QWidget):
    """The Säkerhetskopior section. `on_app_replaced(new_app)` is called after a restore;
    by default the window's `replace_app`."""

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        parent: QWidget | None = None,
        on_app_replaced: Callable[[App], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.on_app_replaced = on_app_replaced
        self.job = BackgroundJob(self)
        self.job.succeeded.connect(self._job_done)
        self.job.failed.connect(self._job_failed)
        self._busy: QProgressDialog | None = None
        self._after: Callable[[Any], None] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Säkerhetskopior", 2, self))
        layout.addWidget(text_label(INTRO_TEXT, self))
        self.model = BackupTableModel(self)
        self.table = read_only_table(self.model, "Säkerhetskopior", self)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.setMinimumHeight(round(self.fontMetrics().height() * 2.2 * 4))  # 3 rows
        layout.addWidget(self.table, 1)
        self.empty_label = text_label(
            "Det finns inga säkerhetskopior än. Tryck på Säkerhetskopiera nu.", self
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty_label, 1)  # takes the table's room while it is hidden
        self.status = text_label("", self)
        self.status.setAccessibleName("Status för säkerhetskopior")
        layout.addWidget(self.status)

        self.backup_button = self._button("Säkerhetskopiera &nu", self.backup_now)
        self.restore_button = self._button("Å&terställ …", self.restore_selected)
        self.copy_button = self._button("Säkerhetskopiera &till …", self.copy_to)
        self.from_file_button = self._button("Återställ från &fil …", self.restore_from_file)
        self.backup_button.setToolTip("Gör en kontrollerad säkerhetskopia av databasen nu")
        row = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.copy_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.from_file_button)
        layout.addLayout(row)
        self.refresh()

    @property
    def is_admin(self) -> bool:  # follows `self.user`, also after a hand-over at the lock
        return user_is_admin(self.user)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    # --- state --------------------------------------------------------------------------

    def refresh(self) -> None:
        entries = self.app.backups.list()
        self.model.set_rows(entries)
        self.table.setVisible(bool(entries))
        self.empty_label.setVisible(not entries)
        if entries and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_record(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        busy = self.job.running
        admin = self.is_admin
        allow(self.backup_button, is_staff(self.user), STAFF_ONLY, ready=not busy)
        allow(self.restore_button, admin, ADMIN_ONLY, ready=not busy and bool(self.selected()))
        allow(self.copy_button, admin, ADMIN_ONLY, ready=not busy)
        allow(self.from_file_button, admin, ADMIN_ONLY, ready=not busy)

    # --- background jobs ---------------------------------------------------------------

    def _run(self, label: str, work: Callable[..., Any], after: Callable[[Any], None]) -> None:
        """Run `work` off the GUI thread behind a modal busy dialog (no cancel: these are
        short, or must not stop half-way)."""
        self._after = after
        self._busy = QProgressDialog(label, "", 0, 0, self)
        self._busy.setWindowTitle("Säkerhetskopior")
        self._busy.setCancelButton(None)
        self._busy.setWindowModality(Qt.WindowModality.WindowModal)
        self._busy.setMinimumDuration(300)
        self._busy.setAccessibleName(label)
        self.job.start(lambda _progress, _cancelled: work())
        self._update_buttons()

    def _finish_busy(self) -> None:
        if self._busy is not None:
            self._busy.reset()
            self._busy.deleteLater()
            self._busy = None

    def _job_done(self, result: object) -> None:
        self._finish_busy()
        after, self._after = self._after, None
        if after is not None:
            after(result)
        self._update_buttons()

    def _job_failed(self, exc: object) -> None:
        from ...services.backups import RestoreFailed

        self._finish_busy()
        self._after = None
        if isinstance(exc, RestoreFailed):
            show_user_error(self, exc, "Återställningen gick inte")
            self._replace_app(exc.app)
            return
        self._resume_scheduled_backups()  # a refused restore left the App as it was
        if isinstance(exc, UserError):
            show_user_error(self, exc)
        else:
            QMessageBox.critical(
                self,
                "Ett oväntat fel",
                "Något gick fel. Det som redan är sparat finns kvar. Detaljer finns i loggfilen.",
            )
        self._update_buttons()
        self.refresh()

    # --- actions --------------------------------------------------------------------------

    def backup_now(self) -> None:
        user_id = self.user.id

        def done(entry: object) -> None:
            self.refresh()
            self.status.setText(
                f"Säkerhetskopian är klar och kontrollerad ({entry.local_time_text})."  # type: ignore[attr-defined]
            )

        self.status.setText("Säkerhetskopierar …")
        self._run("Säkerhetskopierar …", lambda: self.app.backups.backup_now(user_id), done)

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is None or not self.is_admin:
            return
        what = f"säkerhetskopian från {entry.local_time_text} ({entry.reason_label.lower()})"
        answer = QMessageBox.question(
            self,
            "Återställ säkerhetskopia",
            _restore_explanation(what),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._stop_scheduled_backups()
        user_id, name = self.user.id, entry.name
        self._run(
            "Återställer säkerhetskopian …",
            lambda: self.app.backups.restore(user_id, name),
            self._restored,
        )

    def restore_from_file(self) -> None:
        if not self.is_admin:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, "Välj säkerhetskopia", "", f"{FILE_FILTER};;Alla filer (*)"
        )
        if not path:
            return
        dialog = PassphraseDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        answer = QMessageBox.question(
            self,
            "Återställ från fil",
            _restore_explanation(f"hela installationen från filen {Path(path).name}")
            + "\n\nDen här datorns nycklar ersätts också av nycklarna i kopian (de gamla "
            "flyttas undan).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._stop_scheduled_backups()
        user_id, passphrase = self.user.id, dialog.passphrase()
        self._run(
            "Återställer från filen …",
            lambda: self.app.backups.restore_from_copy(user_id, Path(path), passphrase),
            self._restored,
        )

    def _restored(self, result: object) -> None:
        outcome: RestoreOutcome = result  # type: ignore[assignment]
        QMessageBox.information(
            self,
            "Återställt",
            f"Säkerhetskopian från {outcome.restored.local_time_text} är återställd.\n\n"
            f"Den tidigare databasen finns kvar i datamappen som {outcome.moved_aside.name}, "
            "och läget just före återställningen finns bland säkerhetskopiorna.\n\n"
            "Logga in igen.",
        )
        self._replace_app(outcome.app)

    def _replace_app(self, new_app: App) -> None:
        callback = self.on_app_replaced or getattr(self.window(), "replace_app", None)
        self.app = new_app
        if callback is not None:
            callback(new_app)
        else:
            self.refresh()

    def _stop_scheduled_backups(self) -> None:
        """The window's 4-hourly backup must not touch the database being replaced."""
        scheduled = getattr(self.window(), "scheduled_backup", None)
        if scheduled is not None:
            scheduled.timer.stop()
            scheduled.wait(60)

    def _resume_scheduled_backups(self) -> None:
        scheduled = getattr(self.window(), "scheduled_backup", None)
        if scheduled is not None and not scheduled.timer.isActive():
            scheduled.timer.start()

    def copy_to(self) -> None:
        if not self.is_admin:
            return
        dialog = CopyToDialog(self.app, self.user, self)
        dialog.exec()
        self.refresh()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The panel with its list, the copy dialog and the passphrase dialog of *Återställ
    från fil…*, filled in (not exec'd)."""
    del participant_id
    panel = BackupsPanelWidget(app, user)
    panel.resize(1000, 600)
    dialog = CopyToDialog(app, user)
    dialog.path_edit.setText("/media/usb/handledarappen-2027-03-14.hkopia")
    dialog.pass1.setText("korrekt häst batteri")
    dialog.pass2.setText("korrekt häst batteri")
    dialog.progress.setVisible(True)
    dialog.progress.setRange(0, 100)
    dialog.progress.setValue(42)
    dialog.status.setText("Skriver … 42 %")
    passphrase = PassphraseDialog()
    passphrase.edit.setText("korrekt häst batteri")
    return [
        ("sakerhetskopior", panel),
        ("sakerhetskopiera-till", dialog),
        ("losenfras-for-kopia", passphrase),
    ]
