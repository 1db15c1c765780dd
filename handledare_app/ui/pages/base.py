"""What every page of the main window shares: a heading and `refresh()`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..widgets import heading_label, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


class PageWidget(QWidget):
    """A page in the main window. `refresh()` runs each time the page is shown.

    `user` is the logged-in supervisor: every change a page makes is done as
    `self.user.id`. When someone else logs in, the window calls `set_user`.
    """

    title = ""

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.page_layout = QVBoxLayout(self)
        self.heading = heading_label(self.title, parent=self)
        self.page_layout.addWidget(self.heading)

    def refresh(self) -> None:
        """Reload from the services; pages without live data do nothing."""

    def set_user(self, user: SupervisorInfo) -> None:
        self.user = user
        self.refresh()

    def first_focus(self) -> QWidget | None:
        """Where typing should go when the window opens on this page (None: the page list)."""
        return None


class PlaceholderPageWidget(PageWidget):
    """A page whose real screen comes later: a heading and one honest sentence."""

    description = ""

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.description_label = text_label(self.description, self)
        self.page_layout.addWidget(self.description_label)
        self.page_layout.addStretch(1)
