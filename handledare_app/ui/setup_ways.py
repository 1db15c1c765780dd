"""The first-run wizard's three ways (issue 11): *Ny arbetsplats* (the wizard's own
pages), *Anslut till en arbetsplats* (an invitation file and its code) and *Återställ
från kopia* (a `.hkopia` file and its passphrase)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from .setup_finish import WorkStatus
from .widgets import text_label

if TYPE_CHECKING:
    from ..services.app import App
    from ..services.first_run_restore import FirstRunRestore

NEW, JOIN, RESTORE = 0, 1, 2
DEFAULT_JOIN_NAME = "Bärbar dator 2"


class WaysChoice(QWidget):
    """Three radio buttons; *Ny arbetsplats* is chosen from the start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text_label("Hur vill du börja?", self))
        for way, text in (
            (NEW, "&Ny arbetsplats: den första datorn på arbetsplatsen"),
            (JOIN, "&Anslut till en arbetsplats: med en inbjudan från en annan dator"),
            (RESTORE, "Åte&rställ från kopia: en krypterad kopia (.hkopia) av en installation"),
        ):
            button = QRadioButton(text, self)
            button.setAccessibleName(text.replace("&", "").split(":")[0])
            self.group.addButton(button, way)
            layout.addWidget(button)
        self.group.button(NEW).setChecked(True)

    def way(self) -> int:
        return self.group.checkedId()

    def choose(self, way: int) -> None:
        self.group.button(way).setChecked(True)


class _FilePage(QWizardPage):
    """A file to pick and a secret to type."""

    def __init__(
        self, title: str, intro: str, pattern: str, secret: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self._pattern = pattern
        self.file_edit = QLineEdit(self)
        self.file_edit.setAccessibleName("Fil")
        browse = QPushButton("&Bläddra …", self)
        browse.setAccessibleName("Välj fil")
        browse.clicked.connect(self._browse)
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setAccessibleName(secret)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.form = QFormLayout()
        self.form.addRow("Fil:", row)
        self.form.addRow(f"{secret}:", self.secret_edit)
        self.status = WorkStatus(self)  # what happens after Slutför (setup_finish.py)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(intro, self))
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        for edit in (self.file_edit, self.secret_edit):
            edit.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title(), str(Path.home()), self._pattern)
        if path:
            self.file_edit.setText(path)

    def path(self) -> Path:
        return Path(self.file_edit.text().strip())

    def isComplete(self) -> bool:
        return bool(self.file_edit.text().strip() and self.secret_edit.text().strip())


class JoinPage(_FilePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Anslut till en arbetsplats",
            "Be en administratör på en av arbetsplatsens datorer göra en inbjudan under "
            "Inställningar. Välj inbjudningsfilen och skriv koden som visades där. Datorn "
            "får arbetsplatsens deltagare, handledare (med sina PIN-koder) och kriteriebank.",
            "Inbjudan (*.hinbjudan);;Alla filer (*)",
            "Kod",
        )
        self.name_edit = QLineEdit(DEFAULT_JOIN_NAME, self)
        self.name_edit.setAccessibleName("Den här datorns namn")
        self.name_edit.textChanged.connect(self.completeChanged)
        self.form.addRow("Den här datorns namn:", self.name_edit)

    def isComplete(self) -> bool:
        return super().isComplete() and bool(self.name_edit.text().strip())

    def finish_work(self, app: App) -> Callable[[], str]:
        """The join, for a worker thread: the fields are read now, on the GUI thread.
        The work answers with the text to show when it is done."""
        path, code, name = self.path(), self.secret_edit.text(), self.name_edit.text()

        def work() -> str:
            r = app.joining.join(path, code, name)
            return (
                f"Datorn hör nu till {r.workplace_name}: {r.supervisors} handledare och "
                f"{r.participants} deltagare. Logga in med din egen PIN-kod och tryck sedan "
                "Synkronisera under Utbyte, så att den andra datorn känner igen den här."
            )

        return work


class RestorePage(_FilePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Återställ från kopia",
            "Välj den krypterade kopian (.hkopia) av en installation, till exempel från en "
            "dator som gått sönder, och skriv lösenfrasen som valdes när kopian gjordes.",
            "Kopia (*.hkopia);;Alla filer (*)",
            "Lösenfras",
        )
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)

    def finish_work(self, app: App) -> Callable[[], FirstRunRestore]:
        """The restore, for a worker thread (the fields are read now, on the GUI thread):
        into this (empty) data folder, reopened in place; the result's App replaces `app`,
        which is closed (services/first_run_restore.py). A failure after the close raises
        RestoreFailed with the reopened, still empty App."""
        from ..services.first_run_restore import restore_first_run

        path, passphrase = self.path(), self.secret_edit.text()
        return lambda: restore_first_run(app, path, passphrase)

    @staticmethod
    def done_text(result: FirstRunRestore) -> str:
        return (
            f"Installationen är återställd från kopian {result.created_at.astimezone():%Y-%m-%d}. "
            "Logga in med din PIN-kod."
        )


def screenshot_widgets(app: App, _user: object, _participant_id: str) -> list[tuple[str, QWidget]]:
    """The wizard's first page with the three ways, the join and restore pages, and the
    join page while the join runs (the look only: nothing runs)."""
    from .setup_finish import JOINING
    from .setup_wizard import SetupWizard

    out: list[tuple[str, QWidget]] = []
    for name, start in (
        ("guide-tre-vagar", None),
        ("guide-anslut", JOIN),
        ("guide-aterstall", RESTORE),
        ("guide-ansluter", JOIN),
    ):
        wizard = SetupWizard(app)
        if start == JOIN:
            wizard.setStartId(wizard.join_id)
            wizard.join_page.file_edit.setText(str(Path.home() / "ny-dator.hinbjudan"))
        elif start == RESTORE:
            wizard.setStartId(wizard.restore_id)
        wizard.restart()
        if name == "guide-ansluter":
            wizard.join_page.secret_edit.setText("7KQ2-M9XD")
            wizard.show_working(JOINING)
        out.append((name, wizard))
    return out
