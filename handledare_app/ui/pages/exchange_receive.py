"""Utbyte's Ta emot tab: preview a package, then read it in, asking about unknown senders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.records import SupervisorInfo
from ..background import BackgroundJob
from ..errors import failure_text, user_errors
from ..rights import STAFF_ONLY, allow, is_staff
from ..widgets import ErrorLabel, text_label
from .progress_row import ProgressRow

if TYPE_CHECKING:
    from ...services.app import App
    from ...services.exchange_import import ImportReport


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
        self.progress = ProgressRow(self.task, "läs in paket", self)
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
