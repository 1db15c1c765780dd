"""Utbyte: send a package to other computers or Coompanion, and read packages in.

Tabs: *Skicka* (export, exchange_send.py), *Ta emot* (import: preview first, then apply;
exchange_receive.py) and *Konflikter*. Export and import run in a worker thread with a
progress bar and Avbryt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QTabWidget, QWidget

from ...domain.records import SupervisorInfo
from ..widgets import FitScrollArea
from .base import PageWidget
from .exchange_receive import ImportTab
from .exchange_send import ExportTab

if TYPE_CHECKING:
    from ...services.app import App


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
