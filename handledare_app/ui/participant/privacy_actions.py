"""The participant page's privacy actions (issue 15): Registerutdrag (a PDF and JSON of
everything held about the participant) and, for admins, Radera (erasure on every
laptop), with a confirmation that names what goes and requires a reason."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from ...domain.errors import UserError
from ...services.erasure import ErasurePreview
from ..errors import user_errors, wait_cursor
from ..tasks import wait_for
from ..widgets import ErrorLabel, heading_label, save_cancel_buttons, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


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
        self.error = ErrorLabel(self)
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
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMaximumWidth(760)
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
        self.extract_button = QPushButton("Register&utdrag …", self)
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
        self.extract_button.clicked.connect(self.choose_folder_and_extract)
        self.erase_button.clicked.connect(self.ask_and_erase)
        with user_errors(self):
            if participant_id in app.erasure.erased():
                self.erase_button.setEnabled(False)

    def choose_folder_and_extract(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Välj mapp för registerutdraget")
        if folder:
            self.extract_to(Path(folder))

    def extract_to(self, folder: Path) -> Path | None:
        with user_errors(self):
            app, user_id, participant_id = self.app, self.user.id, self.participant_id
            with wait_cursor():  # a PDF with photos: off the GUI thread
                files = wait_for(
                    lambda: app.register_extract.write(user_id, participant_id, folder)
                )
            QMessageBox.information(
                self,
                "Registerutdrag",
                f"Registerutdraget är sparat i\n{files.json_path.parent}\n\n"
                "registerutdrag.pdf är till deltagaren; registerutdrag.json och mappen filer "
                "innehåller samma uppgifter i maskinläsbar form.",
            )
            return files.json_path.parent
        return None

    def ask_and_erase(self) -> None:
        with user_errors(self):
            dialog = ErasureDialog(self.app.erasure.preview(self.participant_id), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.erase(dialog.reason.text())

    def erase(self, reason: str) -> bool:
        app, user_id, participant_id = self.app, self.user.id, self.participant_id
        try:
            with wait_cursor():  # the database file is rewritten (VACUUM): seconds when large
                wait_for(lambda: app.erasure.erase(user_id, participant_id, reason))
        except UserError as exc:
            QMessageBox.warning(self, "Det gick inte", exc.full_text())
            return False
        self.erase_button.setEnabled(False)
        self.erased.emit()
        return True


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    dialog = ErasureDialog(app.erasure.preview(participant_id))
    dialog.reason.setText("Begäran från deltagaren 2027-03-14")
    dialog.confirm.setChecked(True)
    return [("radera-deltagare", dialog)]
