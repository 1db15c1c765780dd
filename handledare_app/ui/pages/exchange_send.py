"""Utbyte's Skicka tab: choose content and recipients, then export a package in the background."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.records import SupervisorInfo
from ..background import BackgroundJob
from ..errors import failure_text, user_errors
from ..rights import STAFF_ONLY, allow, is_staff
from ..widgets import ErrorLabel, heading_label, text_label
from .progress_row import ProgressRow

if TYPE_CHECKING:
    from ...services.app import App

PROFILE_CHOICES = (
    ("exchange", "Utbyte med andra datorer eller arbetsplatser"),
    ("report", "Rapport till Coompanion (utan namn, fritext och foton)"),
    ("backup", "Säkerhetskopia (allt, kan bara öppnas på den här datorn)"),
)
PASSPHRASE_HELP = (
    "Med lösenfras kan paketet vara högst 50 MB. Berätta lösenfrasen för mottagaren på "
    "annat sätt än med filen (till exempel per telefon)."
)


def default_package_name(profile: str, on: dt.date | None = None) -> str:
    """Dated, and with no personal data (the file may leave the laptop)."""
    stem = "sakerhetskopia" if profile == "backup" else "paket"
    return f"{stem}-{(on or dt.date.today()).isoformat()}.hpkg"


def _checked(items: QListWidget) -> list[str]:
    out: list[str] = []
    for i in range(items.count()):
        item = items.item(i)
        if item.checkState() == Qt.CheckState.Checked:
            out.append(str(item.data(Qt.ItemDataRole.UserRole)))
    return out


def _check_list(name: str, parent: QWidget) -> QListWidget:
    lst = QListWidget(parent)
    lst.setAccessibleName(name)
    lst.setMinimumHeight(lst.fontMetrics().height() * 5)
    return lst


class ExportTab(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.task = BackgroundJob(self)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)

        self.profile = QComboBox(self)
        self.profile.setAccessibleName("Vad paketet ska innehålla")
        for code, label in PROFILE_CHOICES:
            self.profile.addItem(label, code)
        self.profile.currentIndexChanged.connect(self._profile_changed)

        self.recipients = _check_list("Mottagare", self)
        self.use_passphrase = QRadioButton("Skydda med en &lösenfras i stället", self)
        self.use_passphrase.setAccessibleName("Skydda med en lösenfras i stället för mottagare")
        self.use_keys = QRadioButton("Kryptera till valda &mottagare", self)
        self.use_keys.setAccessibleName("Kryptera till valda mottagare")
        self.use_keys.setChecked(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Lösenfras (minst 8 tecken)")
        self.passphrase.setPlaceholderText("Lösenfras, minst 8 tecken")
        # Issue 13: typed twice, so a typing error does not lock the recipient out.
        self.passphrase_again = QLineEdit(self)
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again.setAccessibleName("Lösenfrasen igen")
        self.passphrase_again.setPlaceholderText("Samma lösenfras igen")
        self.passphrase_help = text_label(PASSPHRASE_HELP, self)
        mode = QButtonGroup(self)
        mode.addButton(self.use_keys)
        mode.addButton(self.use_passphrase)
        self.use_passphrase.toggled.connect(self._mode_changed)

        self.all_changes = QRadioButton("Allt som mottagarna inte har bekräftat att de har", self)
        self.all_changes.setAccessibleName("Allt som mottagarna inte har bekräftat")
        self.all_changes.setChecked(True)
        self.chosen = QRadioButton("Bara valda &deltagare, med allt som hör till dem", self)
        self.chosen.setAccessibleName("Bara valda deltagare")
        scope = QButtonGroup(self)
        scope.addButton(self.all_changes)
        scope.addButton(self.chosen)
        self.participants = _check_list("Deltagare att skicka", self)
        self.chosen.toggled.connect(self._mode_changed)

        self.export_button = QPushButton("&Skapa paket …", self)
        self.export_button.setAccessibleName("Skapa paket och välj var det sparas")
        self.export_button.clicked.connect(self.choose_file_and_export)
        self.progress = ProgressRow(self.task, "skapa paket", self)
        self.error = ErrorLabel(self)
        self.result = text_label(parent=self, selectable=True)
        self.result.setAccessibleName("Resultat")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Innehåll:", self.profile)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(heading_label("Till vem", 2, self))
        layout.addWidget(self.use_keys)
        layout.addWidget(self.recipients)
        layout.addWidget(self.use_passphrase)
        twice = QHBoxLayout()  # side by side: no extra line on a 768-pixel screen
        twice.addWidget(self.passphrase, 1)
        twice.addWidget(self.passphrase_again, 1)
        layout.addLayout(twice)
        layout.addWidget(self.passphrase_help)
        layout.addWidget(heading_label("Vilka deltagare", 2, self))
        layout.addWidget(self.all_changes)
        layout.addWidget(self.chosen)
        layout.addWidget(self.participants)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addStretch(1)
        # An error disappears as soon as the user changes what it was about.
        for edit in (self.passphrase, self.passphrase_again):
            edit.textEdited.connect(lambda _t: self.error.clear_error())
        self.recipients.itemChanged.connect(lambda _i: self.error.clear_error())
        self.participants.itemChanged.connect(lambda _i: self.error.clear_error())
        self.use_passphrase.toggled.connect(lambda _on: self.error.clear_error())
        self.profile.currentIndexChanged.connect(lambda _i: self.error.clear_error())
        self.refresh()
        self.sync_rights()

    def sync_rights(self) -> None:
        allow(self.export_button, is_staff(self.user), STAFF_ONLY, ready=not self.task.running)

    def refresh(self) -> None:
        self.recipients.clear()
        self.participants.clear()
        with user_errors(self):
            for inst in self.app.exchange.trust.installations():
                if inst.is_self:
                    continue
                item = QListWidgetItem(inst.label, self.recipients)
                item.setData(Qt.ItemDataRole.UserRole, inst.id)
                item.setCheckState(Qt.CheckState.Unchecked)
            for p in self.app.participants.list():
                item = QListWidgetItem(p.name, self.participants)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                item.setCheckState(Qt.CheckState.Unchecked)
        if self.recipients.count() == 0:
            item = QListWidgetItem(
                "Inga andra datorer är kända ännu. Läs in en nätverksfil under Inställningar, "
                "eller använd en lösenfras.",
                self.recipients,
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self._mode_changed()

    def _profile_changed(self) -> None:
        self._mode_changed()

    def _mode_changed(self) -> None:
        profile = self.profile.currentData()
        backup = profile == "backup"
        exchange = profile == "exchange"
        for w in (self.use_keys, self.use_passphrase):
            w.setEnabled(not backup)
        self.recipients.setEnabled(not backup and self.use_keys.isChecked())
        self.passphrase.setEnabled(not backup and self.use_passphrase.isChecked())
        self.passphrase_again.setEnabled(self.passphrase.isEnabled())
        self.all_changes.setEnabled(exchange)
        self.chosen.setEnabled(exchange)
        self.participants.setEnabled(exchange and self.chosen.isChecked())

    def _options(self) -> dict[str, Any]:
        profile = str(self.profile.currentData())
        options: dict[str, Any] = {"profile": profile, "actor_id": self.user.id}
        if profile != "backup":
            # Checked here, before the file dialog (issue 13); the service checks again.
            if self.use_passphrase.isChecked():
                phrase = self.passphrase.text()
                if len(phrase) < 8:
                    raise UserError("Lösenfrasen ska ha minst 8 tecken.")
                if phrase != self.passphrase_again.text():
                    raise UserError(
                        "Lösenfraserna är inte likadana. Skriv samma lösenfras två gånger."
                    )
                options["passphrase"] = phrase
            else:
                options["recipients"] = _checked(self.recipients)
                if not options["recipients"]:
                    raise UserError("Välj minst en mottagare (eller en lösenfras).")
        if profile == "exchange" and self.chosen.isChecked():
            chosen = _checked(self.participants)
            if not chosen:
                raise UserError(
                    "Välj minst en deltagare, eller välj ”Allt som mottagarna inte har bekräftat”."
                )
            options["participants"] = chosen
        return options

    def choose_file_and_export(self) -> None:
        self.error.clear_error()
        try:
            options = self._options()
        except UserError as exc:
            self.error.show_error(exc.message)
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Spara paketet",
            str(Path.home() / default_package_name(options["profile"])),
            "Paket (*.hpkg)",
        )
        if path:
            if not path.endswith(".hpkg"):
                path += ".hpkg"
            self.start_export(Path(path), options)

    def start_export(self, path: Path, options: dict[str, Any]) -> None:
        self.result.setText("")
        self.export_button.setEnabled(False)
        self.progress.begin()
        self.task.start(
            lambda progress, _cancelled: self.app.exchange.export(
                path, progress=progress, **options
            )
        )

    def _done(self, result: Any) -> None:
        self.progress.end()
        self.sync_rights()
        from ...services.exchange_readers import megabytes, who_can_open

        to = who_can_open(result.recipients, result.profile)
        self.result.setText(
            f"Klart. Paketet är sparat och kontrollerat: {result.path.name} "
            f"({result.records} poster, {result.blobs} bifogade filer, "
            f"{megabytes(result.size)}).\nKan öppnas av: {to}."
        )
        self.refresh()

    def _failed(self, exc: object) -> None:
        self.progress.end()
        self.sync_rights()
        self.error.show_error(failure_text(exc))
