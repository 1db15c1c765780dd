"""The participant page's privacy actions (issue 15): Registerutdrag (a PDF and JSON of
everything held about the participant) and, for admins, Radera (erasure on every
laptop), with a confirmation that names what goes and requires a reason.

Both run on the task runner (a PDF with photos; a VACUUM of the whole database): the two
buttons are disabled meanwhile, the window handles input, and the outcome is shown when
the work is done (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from ...services.erasure import ErasurePreview
from .. import tasks
from ..busy import run_busy
from ..errors import user_errors
from ..start_folders import documents_folder
from ..widgets import heading_label, save_cancel_buttons, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from ...services.register_extract import ExtractFiles


class ErasureDialog(QDialog):
    """Names what will go; Radera is enabled once a reason is given and the box ticked."""

    def __init__(self, preview: ErasurePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Radera deltagaren")
        self.preview = preview
        intro = text_label(
            f"Raderingen tar bort allt om {preview.name} på den här datorn och, vid nästa "
            "synkronisering, på alla andra datorer och hos Coompanion. Den kan inte ångras.",
            self,
        )
        items = text_label("\n".join(f"• {line}" for line in preview.lines), self)
        kept = text_label(
            "Kvar blir bara det som krävs för att systemet ska vara ärligt: intygsregistret, "
            "placeringarna utan namn (för uppföljningens siffror) och granskningsloggens "
            "kedja. En säkerhetskopia tas först; gamla säkerhetskopior innehåller "
            "fortfarande uppgifterna tills de gallras.",
            self,
        )
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Skäl, t.ex. ”Begäran från deltagaren 2027-03-14”")
        self.reason.setAccessibleName("Skäl till raderingen")
        self.confirm = QCheckBox("Jag förstår att uppgifterna inte går att få tillbaka", self)
        buttons, self.erase_button, _cancel = save_cancel_buttons(
            self, self.accept, save_name="Radera"
        )
        self.erase_button.setText("&Radera")
        self.reason.textChanged.connect(self._update)
        self.confirm.toggled.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Radera deltagaren", 2, self))
        layout.addWidget(intro)
        layout.addWidget(items)
        layout.addWidget(kept)
        layout.addWidget(self.reason)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)
        self.setMaximumWidth(760)
        # Wrapped text needs its height at the width it gets; a top-level window does not
        # ask for it by itself, so at 150 % font the list was cut off.
        width = min(760, self.fontMetrics().averageCharWidth() * 80)
        self.resize(width, max(self.sizeHint().height(), self.heightForWidth(width)))
        self._update()

    def _update(self) -> None:
        self.erase_button.setEnabled(bool(self.reason.text().strip()) and self.confirm.isChecked())


class PrivacyActions(QWidget):
    """Two buttons for the page's top row; `erased` after a completed erasure."""

    erased = Signal()

    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.extract_button = QPushButton("Registerutdrag …", self)
        self.extract_button.setAccessibleName("Registerutdrag")
        self.extract_button.setToolTip(
            "Allt som finns sparat om deltagaren, som PDF och JSON (rätt till registerutdrag)"
        )
        self.erase_button = QPushButton("Radera deltagaren …", self)
        self.erase_button.setAccessibleName("Radera deltagaren")
        self.erase_button.setVisible(Role.ADMIN in user.roles)
        staff = user.active and bool(user.roles & {Role.SUPERVISOR, Role.ADMIN})
        self.extract_button.setEnabled(staff)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.extract_button)
        layout.addWidget(self.erase_button)
        self._task: tasks.Task | None = None  # an extract or an erasure running
        self.extract_button.clicked.connect(self.choose_folder_and_extract)
        self.erase_button.clicked.connect(self.ask_and_erase)
        with user_errors(self):
            if participant_id in app.erasure.erased():
                self.erase_button.setEnabled(False)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def choose_folder_and_extract(self) -> None:
        if self.busy:
            return
        folder = QFileDialog.getExistingDirectory(
            self, "Välj mapp för registerutdraget", documents_folder()
        )
        if folder:
            self.extract_to(Path(folder))

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], object]) -> tasks.Task | None:
        if self.busy:
            return None

        def ended() -> None:
            self._task = None

        self._task = run_busy(
            [self.extract_button, self.erase_button], self, work, on_done, on_end=ended
        )
        return self._task

    def extract_to(self, folder: Path) -> tasks.Task | None:
        """Writes the extract on the task runner (a PDF with photos); says where when done."""
        app, user_id, participant_id = self.app, self.user.id, self.participant_id
        return self._run(
            lambda: app.register_extract.write(user_id, participant_id, folder),
            self._extracted,
        )

    def _extracted(self, files: ExtractFiles) -> None:
        QMessageBox.information(
            self,
            "Registerutdrag",
            f"Registerutdraget är sparat i\n{files.json_path.parent}\n\n"
            "registerutdrag.pdf är till deltagaren; registerutdrag.json och mappen filer "
            "innehåller samma uppgifter i maskinläsbar form.",
        )

    def ask_and_erase(self) -> None:
        if self.busy:
            return
        with user_errors(self):
            dialog = ErasureDialog(self.app.erasure.preview(self.participant_id), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.erase(dialog.reason.text())

    def erase(self, reason: str) -> tasks.Task | None:
        """Erases on the task runner (the database file is rewritten: seconds when large);
        `erased` follows when it is done."""
        app, user_id, participant_id = self.app, self.user.id, self.participant_id
        return self._run(lambda: app.erasure.erase(user_id, participant_id, reason), self._erased)

    def _erased(self, _result: object) -> None:
        self.erase_button.setEnabled(False)
        self.erased.emit()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    dialog = ErasureDialog(app.erasure.preview(participant_id))
    dialog.reason.setText("Begäran från deltagaren 2027-03-14")
    dialog.confirm.setChecked(True)
    return [("radera-deltagare", dialog)]
