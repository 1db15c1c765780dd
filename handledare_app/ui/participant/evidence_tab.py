"""STUB: the Bevis tab is built by another helper (issue 3, item 4); the integrator
replaces this file. Only the interface is real: `EvidenceTab(app, user, participant_id,
parent)`, `refresh()` and the `changed` signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..widgets import text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


class EvidenceTab(QWidget):
    """STUB (see the module docstring)."""

    changed = Signal()

    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Byggs av en annan del (bevis).", self))
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to reload in the stub."""
