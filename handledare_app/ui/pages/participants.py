"""Deltagare: how many active participants there are, and a read-only list of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from ...domain.records import ParticipantSummary
from ..errors import user_errors
from ..table_models import ParticipantTableModel
from ..widgets import heading_label, read_only_table, text_label
from .base import PageWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


EMPTY_HEADING = "Inga deltagare ännu."
EMPTY_TEXT = (
    "Här registrerar du deltagarna på arbetsplatsen och följer deras väg genom "
    "placeringen, från introduktion till avslut. När en deltagare är registrerad "
    "visas hen i listan här."
)


def count_sentence(n: int) -> str:
    if n == 0:
        return "Det finns inga aktiva deltagare."
    if n == 1:
        return "1 aktiv deltagare."
    return f"{n} aktiva deltagare."


class ParticipantsPageWidget(PageWidget):
    title = "Deltagare"

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.count_label = text_label(parent=self)
        self.page_layout.addWidget(self.count_label)

        self.empty_state = QWidget(self)
        box = QVBoxLayout(self.empty_state)
        box.setContentsMargins(0, self.fontMetrics().height(), 0, 0)
        self.empty_heading = heading_label(EMPTY_HEADING, 2, self.empty_state)
        self.empty_text = text_label(EMPTY_TEXT, self.empty_state)
        box.addWidget(self.empty_heading)
        box.addWidget(self.empty_text)
        box.addStretch(1)

        self.model = ParticipantTableModel(self)
        self.table = read_only_table(self.model, "Aktiva deltagare", self)

        self.content = QStackedWidget(self)
        self.content.addWidget(self.empty_state)
        self.content.addWidget(self.table)
        self.page_layout.addWidget(self.content, 1)
        # No refresh here: the main window refreshes a page each time it is shown.

    def refresh(self) -> None:
        participants: list[ParticipantSummary] = []
        with user_errors(self):
            participants = self.app.participants.list()
        self.model.set_rows(participants)
        self.count_label.setText(count_sentence(len(participants)))
        self.count_label.setVisible(bool(participants))
        self.content.setCurrentWidget(self.table if participants else self.empty_state)
