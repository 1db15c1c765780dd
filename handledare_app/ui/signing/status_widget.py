"""The participant's signed modules with their quality-assurance status, for the
participant page (the integrator places it): one line per module, in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...domain.errors import UserError
from ...domain.signing import QaState
from ..widgets import heading_label, text_label

if TYPE_CHECKING:
    from ...services.app import App


class SignoffStatusWidget(QWidget):
    def __init__(
        self, app: App, participant_id: str, parent: QWidget | None = None, *, load: bool = True
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.participant_id = participant_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading_label("Signerade moduler", 2, self))
        self.lines = text_label("", self)
        self.lines.setTextFormat(Qt.TextFormat.PlainText)
        self.lines.setAccessibleName("Signerade moduler och kvalitetssäkring")
        layout.addWidget(self.lines)
        if load:  # False: the owner refreshes it when it fills in (no read twice)
            self.refresh()

    def refresh(self) -> None:
        try:
            history = self.app.signing.for_participant(self.participant_id, history=True)
        except UserError as exc:
            self.lines.setText(exc.message)
            return
        superseded = {s.supersedes_id for s in history if s.supersedes_id}
        rows = []
        for s in history:
            if s.id in superseded:
                continue
            if s.reopened:
                why = s.qa_comment if s.qa_state is QaState.RETURNED else s.reopen_reason
                rows.append(f"{s.module_title}: öppnad igen för rättelse – {why}")
            else:
                rows.append(
                    f"{s.module_title}: signerad {s.signed_on.isoformat()} – {s.qa_label.lower()}"
                )
        self.lines.setText("\n".join(rows) if rows else "Ingen modul är signerad ännu.")
