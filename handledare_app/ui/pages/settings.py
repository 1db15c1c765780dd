"""Inställningar: workplace, this computer, the data folder, and the supervisors
(managed by admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ...domain.records import SupervisorInfo
from ..admin_note import admin_note, show_admin_note
from ..errors import user_errors
from ..widgets import heading_label, text_label
from .base import PageWidget

if TYPE_CHECKING:
    from ...services.app import App


FOLDER_TEXT = "Här sparas databasen, bilder och filer som bevis, och säkerhetskopior."


class SettingsPageWidget(PageWidget):
    title = "Inställningar"

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.workplace_value = text_label(parent=self, selectable=True)
        self.installation_value = text_label(parent=self, selectable=True)
        self.folder_value = text_label(str(app.paths.root), self, selectable=True)
        self.open_folder_button = QPushButton("Öppna &datamappen", self)
        self.open_folder_button.setAccessibleName("Öppna datamappen")
        self.open_folder_button.setToolTip("Visar mappen där appens uppgifter sparas")
        self.open_folder_button.clicked.connect(self.open_data_folder)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.open_folder_button)
        folder_row.addStretch(1)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(QLabel("Arbetsplats:", self), self.workplace_value)
        form.addRow(QLabel("Den här datorn:", self), self.installation_value)
        form.addRow(QLabel("Datamapp:", self), self.folder_value)
        form.addRow("", text_label(FOLDER_TEXT, self))
        form.addRow("", folder_row)
        self.page_layout.addLayout(form)
        self.admin_note = admin_note(self)  # why most of the page is grey for a supervisor
        self.page_layout.addWidget(self.admin_note)

        # Exchange (issue 5): this computer's keys and the network file.
        from .trust_section import NetworkSectionWidget

        self.network_section = NetworkSectionWidget(app, user, self)
        self.page_layout.addWidget(self.network_section)
        from .retention_section import RetentionSectionWidget  # issue 15: gallring

        self.retention_section = RetentionSectionWidget(app, user, self)
        self.page_layout.addWidget(self.retention_section)
        from ..invite_panel import InvitePanel  # issue 11: invite a new laptop

        self.invite_panel = InvitePanel(app, user, self)
        self.page_layout.addWidget(self.invite_panel)

        self.page_layout.addSpacing(self.fontMetrics().height() // 2)
        supervisors_heading = heading_label("Handledare", 2, self)
        self.page_layout.addWidget(supervisors_heading)
        # ui-list: admins manage supervisors and the idle-lock time here
        from ..supervisor_admin import SupervisorAdminWidget

        self.supervisor_admin = SupervisorAdminWidget(app, user, self)
        self.supervisor_model = self.supervisor_admin.model
        self.supervisor_table = self.supervisor_admin.table
        self.page_layout.addWidget(self.supervisor_admin, 1)
        # Säkerhetskopior (issue 5): its own module.
        from .backups_panel import BackupsPanelWidget
        from .page_scroll import make_page_scrollable

        self.page_layout.addSpacing(self.fontMetrics().height() // 2)
        self.backups_panel = BackupsPanelWidget(app, user, self)
        self.page_layout.addWidget(self.backups_panel, 1)
        make_page_scrollable(self)
        # The supervisor table lives inside its admin widget with a note and the lock-time
        # row below it: give it a real minimum (five rows) so those never overlap it.
        rows = self.supervisor_table.verticalHeader().defaultSectionSize()
        header = self.supervisor_table.horizontalHeader().sizeHint().height()
        self.supervisor_table.setMinimumHeight(header + rows * 5)
        self.supervisor_table.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.refresh()

    def refresh(self) -> None:
        show_admin_note(self.admin_note, self.user)
        with user_errors(self):
            self.workplace_value.setText(self.app.setup.workplace().name)
            self.installation_value.setText(self.app.setup.installation().name)
        self.supervisor_admin.refresh()
        if hasattr(self, "backups_panel"):
            self.backups_panel.refresh()

    def set_user(self, user: SupervisorInfo) -> None:
        self.user = user
        self.supervisor_admin.user = user
        self.backups_panel.user = user
        self.network_section.user = user
        self.network_section.refresh()
        self.retention_section.user = user
        self.retention_section.refresh()
        self.invite_panel.user = user
        self.invite_panel.refresh()
        self.refresh()

    def open_data_folder(self) -> None:
        root = self.app.paths.root
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(root))):
            QMessageBox.information(
                self,
                "Datamappen",
                f"Datamappen kunde inte öppnas i filhanteraren. Den finns här:\n\n{root}",
            )
