"""Introduktion: the checklist; ticking an item saves at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QWidget

from ...domain.errors import UserError
from ...domain.records import ChecklistItem
from ..errors import show_user_error, user_errors
from ..formatting import format_date
from ..widgets import text_label
from .tab_base import ScrollingTab

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


def item_text(item: ChecklistItem) -> str:
    return f"{item.label} (klart {format_date(item.done_on)})" if item.done else item.label


class IntroductionTab(ScrollingTab):
    title = "Introduktion"

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        editable: bool = True,
    ) -> None:
        super().__init__(app, user, participant_id, parent, editable=editable)
        inner = self.inner
        self.summary_label = text_label(parent=inner)
        self.box.addWidget(self.summary_label)
        self.boxes: list[QCheckBox] = []
        self.items: list[ChecklistItem] = []
        self.box.addStretch(1)

    def refresh(self) -> None:
        items: list[ChecklistItem] = []
        with user_errors(self):
            items = self.app.journey.checklist(self.participant_id)
        if [i.id for i in items] != [i.id for i in self.items]:
            for check in self.boxes:
                check.deleteLater()
            self.boxes = []
            for n in range(len(items)):
                check = QCheckBox(self.widget())
                check.toggled.connect(lambda on, i=n: self._toggled(i, on))
                check.setEnabled(self.editable)
                self.box.insertWidget(self.box.count() - 1, check)
                self.boxes.append(check)
        self.items = items
        for item, check in zip(items, self.boxes, strict=True):
            check.blockSignals(True)
            check.setChecked(item.done)
            check.blockSignals(False)
            check.setText(item_text(item))
            check.setAccessibleName(item.label)
        done = sum(1 for i in items if i.done)
        self.summary_label.setText(
            f"{done} av {len(items)} punkter klara. Bocka av en punkt när den är genomgången."
        )

    def _toggled(self, index: int, on: bool) -> None:
        try:
            self.app.journey.set_checklist_item(self.user.id, self.items[index].id, on)
        except UserError as exc:
            show_user_error(self, exc)
        self.refresh()
        self.changed.emit()
