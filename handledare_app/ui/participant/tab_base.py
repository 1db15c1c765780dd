"""What the participant page's form-like tabs share: a scrolling area with one column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


class ScrollingTab(QScrollArea):
    """Subclasses set `title` and fill `self.box` (a column inside `self.inner`); it
    scrolls at 150 % font on a small screen. `changed` fires after a saved change."""

    changed = Signal()
    title = ""

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.editable = editable
        self.setWidgetResizable(True)
        self.setAccessibleName(self.title)
        self.inner = QWidget(self)
        self.setWidget(self.inner)
        self.box = QVBoxLayout(self.inner)
