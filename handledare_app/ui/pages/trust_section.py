"""Inställningar › Nätverk: this computer's fingerprint, the network file, trusted computers.

The network file (signed by Coompanion or another admin installation) says which
computers may send packages here. Only an administrator can read one in; the first
time, the signer's fingerprint must be confirmed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.records import SupervisorInfo
from ..errors import show_user_error
from ..widgets import heading_label, text_label

if TYPE_CHECKING:
    from ...services.app import App


class NetworkSectionWidget(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.own = text_label(parent=self, selectable=True)
        self.own.setAccessibleName("Den här datorns fingeravtryck")
        self.status = text_label(parent=self, selectable=True)
        self.status.setAccessibleName("Nätverksfilen")
        self.computers = QListWidget(self)
        self.computers.setAccessibleName("Datorer som den här datorn litar på")
        self.computers.setWordWrap(True)
        self.computers.setMinimumHeight(self.fontMetrics().height() * 3)
        self.computers.setMaximumHeight(self.fontMetrics().height() * 6)
        self.import_button = QPushButton("Läs in &nätverksfil …", self)
        self.import_button.setAccessibleName("Läs in nätverksfil")
        self.import_button.clicked.connect(self.choose_and_import)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Nätverk och utbyte", 2, self))
        layout.addWidget(self.own)
        layout.addWidget(self.status)
        layout.addWidget(self.computers)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        trust = self.app.exchange.trust
        self.import_button.setEnabled(self.user.is_admin)
        self.import_button.setToolTip(
            "" if self.user.is_admin else "Bara en administratör kan läsa in nätverksfilen."
        )
        try:
            self.own.setText(f"Den här datorns fingeravtryck: {self.app.keys.fingerprint}")
            info = trust.network_info()
            installations = trust.installations()
        except UserError as exc:
            self.status.setText(exc.message)
            return
        if info is None:
            self.status.setText(
                "Ingen nätverksfil är inläst. Be Coompanion om en, så vet datorn vilka andra "
                "datorer den kan skicka till och ta emot från."
            )
        else:
            self.status.setText(
                f"Nätverksfil från {info.signer_name}, utfärdad {info.issued_at[:10]}: "
                f"{info.installations} datorer, {info.revoked} spärrade nycklar."
            )
        self.computers.clear()
        for inst in installations:
            parts = [
                p for p in (inst.workplace_name, "den här datorn" if inst.is_self else "") if p
            ]
            text = f"{inst.name} ({', '.join(parts)})" if parts else inst.name
            self.computers.addItem(f"{text}  –  {inst.fingerprint}")

    def choose_and_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Välj nätverksfil", str(Path.home()), "Nätverksfil (*.json);;Alla filer (*)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, trust_fingerprint: str | None = None) -> None:
        from ...services.trust import UnknownSigner

        try:
            info = self.app.exchange.trust.import_network(
                self.user.id, path, trust_fingerprint=trust_fingerprint
            )
        except UnknownSigner as exc:
            answer = QMessageBox.question(
                self,
                "Okänd utfärdare",
                f"Nätverksfilen är signerad av {exc.signer_name or 'en okänd dator'}.\n\n"
                f"Fingeravtryck:\n{exc.fingerprint}\n\nJämför fingeravtrycket med det "
                "Coompanion har gett dig, tecken för tecken. Lita på utfärdaren?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.import_file(path, exc.fingerprint)
            return
        except UserError as exc:
            show_user_error(self, exc)
            return
        QMessageBox.information(
            self,
            "Nätverksfilen är inläst",
            f"Nätverksfilen från {info.signer_name} är inläst: {info.installations} datorer.",
        )
        self.refresh()
