"""Utbyte: send a package to other computers or Coompanion, and read packages in.

Tabs: *Skicka* (export) and *Ta emot* (import: preview first, then apply). The
integrator adds a *Konflikter* tab with `page.tabs.addTab(...)`. Export and import
run in a worker thread with a progress bar and Avbryt.
"""

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
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.records import SupervisorInfo
from ..background import BackgroundJob
from ..errors import failure_text, user_errors
from ..rights import STAFF_ONLY, allow, is_staff
from ..widgets import ErrorLabel, FitScrollArea, heading_label, text_label
from .base import PageWidget

if TYPE_CHECKING:
    from ...services.app import App
    from ...services.exchange_import import ImportReport

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


class _ProgressRow(QWidget):
    """Progress bar and Avbryt for one background task."""

    def __init__(self, task: BackgroundJob, what: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(f"Förlopp: {what}")
        self.cancel_button = QPushButton("Avbryt", self)
        self.cancel_button.setAccessibleName(f"Avbryt {what}")
        self.cancel_button.clicked.connect(task.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        task.progressed.connect(self.on_progress)
        self.setVisible(False)

    def on_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def begin(self) -> None:
        self.bar.setValue(0)
        self.setVisible(True)

    def end(self) -> None:
        self.setVisible(False)


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
        self.progress = _ProgressRow(self.task, "skapa paket", self)
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


class ImportTab(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.path: Path | None = None
        self.passphrase: str | None = None
        self.trust_fingerprint: str | None = None
        self.task = BackgroundJob(self)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self._applying = False

        intro = text_label(
            "Välj ett paket (.hpkg) från ett USB-minne eller e-post. Först visas vad som "
            "skulle ändras; inget ändras förrän du väljer Läs in.",
            self,
        )
        self.choose_button = QPushButton("&Välj paket …", self)
        self.choose_button.setAccessibleName("Välj paket att läsa in")
        self.choose_button.clicked.connect(self.choose_file)
        self.apply_button = QPushButton("&Läs in", self)
        self.apply_button.setAccessibleName("Läs in paketet")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.progress = _ProgressRow(self.task, "läs in paket", self)
        self.error = ErrorLabel(self)
        self.preview = text_label(parent=self, selectable=True)
        self.preview.setAccessibleName("Förhandsvisning av paketet")

        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        self.sync_rights()

    def sync_rights(self) -> None:
        staff = is_staff(self.user)
        allow(self.choose_button, staff, STAFF_ONLY, ready=not self.task.running)
        if not staff:
            self.apply_button.setEnabled(False)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Välj paket", str(Path.home()), "Paket (*.hpkg);;Alla filer (*)"
        )
        if path:
            self.start_preview(Path(path))

    def start_preview(self, path: Path, passphrase: str | None = None) -> None:
        self.path = path
        self.passphrase = passphrase
        self.trust_fingerprint = None
        self.error.clear_error()
        self.preview.setText("")
        self.apply_button.setEnabled(False)
        with user_errors(self):
            if passphrase is None and self.app.exchange.needs_passphrase(path):
                text, ok = QInputDialog.getText(
                    self,
                    "Lösenfras",
                    "Paketet är skyddat med en lösenfras:",
                    QLineEdit.EchoMode.Password,
                )
                if not ok:
                    return
                self.passphrase = text
            self._run(apply=False)

    def _run(self, *, apply: bool) -> None:
        assert self.path is not None
        path, phrase, fp = self.path, self.passphrase, self.trust_fingerprint
        self._applying = apply
        self.choose_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.progress.begin()
        if apply:
            user_id = self.user.id
            self.task.start(
                lambda progress, _cancelled: self.app.exchange.import_file(
                    path,
                    actor_id=user_id,
                    passphrase=phrase,
                    trust_fingerprint=fp,
                    progress=progress,
                )
            )
        else:
            self.task.start(
                lambda progress, _cancelled: self.app.exchange.preview(
                    path, passphrase=phrase, trust_fingerprint=fp, progress=progress
                )
            )

    def apply(self) -> None:
        if self.path is not None:
            self._run(apply=True)

    def _done(self, report: ImportReport) -> None:
        self.progress.end()
        self.sync_rights()
        self.show_report(report, applied=self._applying)

    def show_report(self, report: ImportReport, *, applied: bool) -> None:
        if report.already_imported:
            self.preview.setText("Det här paketet är redan inläst. Inget ändrades.")
            return
        who = f"Från {report.sender} ({report.created_at[:10]})."
        head = "Klart. Det här ändrades:" if applied else "Om du läser in paketet händer detta:"
        text = "\n".join([who, head, *(f"• {line}" for line in report.lines())])
        if report.blocked:
            n = report.blocked
            text += (
                f"\n\n{n} {'post spärrades' if n == 1 else 'poster spärrades'}: signerade "
                "uppgifter och raderade personer ändras aldrig av ett paket. Det som spärrades "
                "finns under Konflikter för granskning."
            )
        if report.conflicts and applied:
            text += "\n\nVärden som fick ge vika sparas under Konflikter och kan återställas."
        self.preview.setText(text)
        self.apply_button.setEnabled(
            is_staff(self.user) and not applied and (report.changes > 0 or report.blobs_new > 0)
        )

    def _failed(self, exc: object) -> None:
        from ...services.trust import UnknownSigner

        self.progress.end()
        self.sync_rights()
        if isinstance(exc, UnknownSigner):
            self.ask_about_signer(exc)
        else:
            self.error.show_error(failure_text(exc))

    def ask_about_signer(self, exc: Any) -> None:
        if not self.user.is_admin:
            self.error.show_error(
                f"Paketet kommer från en okänd avsändare ({exc.signer_name}). Be en "
                f"administratör kontrollera fingeravtrycket {exc.fingerprint} med avsändaren "
                "och godkänna det. Inget har ändrats."
            )
            return
        answer = QMessageBox.question(
            self,
            "Okänd avsändare",
            f"Paketet är signerat av {exc.signer_name or 'en okänd dator'}, som inte finns i "
            f"nätverksfilen.\n\nFingeravtryck:\n{exc.fingerprint}\n\nRing avsändaren och "
            "jämför fingeravtrycket tecken för tecken. Lita bara på avsändaren om de är "
            "exakt lika.\n\nLita på avsändaren?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.trust_fingerprint = exc.fingerprint
            self._run(apply=False)
        else:
            self.error.show_error("Paketet lästes inte in. Inget har ändrats.")


class ExchangePageWidget(PageWidget):
    title = "Utbyte"

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Utbyte")
        self.export_tab = ExportTab(app, user, self.tabs)
        self.import_tab = ImportTab(app, user, self.tabs)
        # Skicka is the tallest tab: scrolled, so that with Synkronisera above it the page
        # still fits a 768-pixel screen at 150 % font (it set the window's minimum height).
        send_scroll = FitScrollArea(self.tabs, minimum=True)
        send_scroll.setFrameShape(QFrame.Shape.NoFrame)
        send_scroll.setAccessibleName("Skicka, rullbar")
        send_scroll.setWidget(self.export_tab)
        self.tabs.addTab(send_scroll, "&Skicka")
        self.tabs.addTab(self.import_tab, "&Ta emot")
        from ..conflicts_view import ConflictsWidget

        self.conflicts_tab = ConflictsWidget(app, user, self.tabs)
        self.tabs.addTab(self.conflicts_tab, "&Konflikter")
        from ..sync_panel import SyncPanel  # issue 11: Synkronisera

        self.sync_panel = SyncPanel(app, user, self)
        self.page_layout.addWidget(self.sync_panel)
        self.page_layout.addWidget(self.tabs, 1)
        # After an import, new conflicts show at once.
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.conflicts_tab:
            self.conflicts_tab.refresh()

    def refresh(self) -> None:
        self.export_tab.refresh()
        self.conflicts_tab.refresh()

    def set_user(self, user: SupervisorInfo) -> None:
        self.sync_panel.user = user
        self.export_tab.user = user
        self.import_tab.user = user
        self.conflicts_tab.user = user
        super().set_user(user)
        self.export_tab.sync_rights()
        self.import_tab.sync_rights()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The Utbyte page on both tabs, the import tab with a preview filled in."""
    from ...services.exchange_import import ImportReport

    send = ExchangePageWidget(app, user)
    receive = ExchangePageWidget(app, user)
    receive.tabs.setCurrentIndex(1)
    report = ImportReport(
        source="paket.hpkg",
        profile="exchange",
        sender="Lagerdatorn",
        created_at="2027-03-14T10:00:00+00:00",
    )
    report.entity("participant").new = 2
    report.entity("evidence").new = 14
    report.entity("evidence").updated = 3
    report.entity("assessment").conflicts = 1
    report.entity("signoff").blocked = 1
    report.blobs_new = 5
    receive.import_tab.show_report(report, applied=False)
    return [("utbyte-skicka", send), ("utbyte-ta-emot", receive)]
