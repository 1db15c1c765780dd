"""Inställningar → Säkerhetskopior: the list, *Säkerhetskopiera nu*, *Återställ*,
*Säkerhetskopiera till…* and *Återställ från fil…*.

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
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ..background import BackgroundJob
from ..errors import show_user_error
from ..rights import ADMIN_ONLY, STAFF_ONLY, allow, is_staff
from ..rights import is_admin as user_is_admin
from ..table_models import RecordTableModel
from ..widgets import ErrorLabel, heading_label, read_only_table, scrolling, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from ...services.backups import BackupEntry, RestoreOutcome
    from ...services.installation_copy import CopyResult
    from .base import PageWidget

INTRO_TEXT = (
    "Appen gör säkerhetskopior av databasen automatiskt: vid start, var fjärde timme, före "
    "import och före uppgradering. Varje kopia kontrolleras innan den sparas. Kopiorna "
    "ligger på den här datorn; gör också en krypterad kopia till ett USB-minne ibland."
)
FILE_FILTER = "Säkerhetskopia (*.hkopia)"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB".replace(".", ",")
    return f"{size / 1024**3:.2f} GB".replace(".", ",")


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


def make_page_scrollable(page: PageWidget) -> None:
    """Move everything below the page heading into a scroll area.

    With the Säkerhetskopior section, Inställningar holds two tables; at 150 % font on
    a 768-pixel screen they would be squeezed to one row each. Scrolling keeps both
    usable. Stretch factors are kept."""
    layout = page.page_layout
    content = QWidget()
    inner = QVBoxLayout(content)
    inner.setContentsMargins(0, 0, 0, 0)
    index = 1  # the heading stays fixed at the top
    while layout.count() > index:
        stretch = layout.stretch(index)
        item = layout.takeAt(index)
        if item is None:
            break
        widget, sub, spacer = item.widget(), item.layout(), item.spacerItem()
        if widget is not None:
            inner.addWidget(widget, stretch)
        elif sub is not None:
            sub.setParent(None)
            inner.addLayout(sub, stretch)
        elif spacer is not None:
            inner.addSpacing(spacer.sizeHint().height())
    # Tables take their minimum in the scroll area's preferred height (which wrapped text
    # makes it use) and grow into free space, instead of pushing the buttons out of view.
    for table in content.findChildren(QTableView):
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    layout.addWidget(scrolling(content, f"{page.title}, rullbar", page), 1)


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
