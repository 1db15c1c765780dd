"""Introduktion: the checklist; ticking an item saves at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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


MARK_HELP = (
    "Passar inte alla punkter för deltagaren? Skriv varför och markera introduktionen som "
    "klar, så får steget Introduktion sin bock."
)


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
        # Issue 13: done by the supervisor's word, with a reason, when items do not apply.
        self.mark_box = QGroupBox("Markera introduktionen som klar", inner)
        mark_layout = QVBoxLayout(self.mark_box)
        self.mark_label = text_label(MARK_HELP, self.mark_box)
        mark_layout.addWidget(self.mark_label)
        row = QHBoxLayout()
        self.reason_edit = QLineEdit(self.mark_box)
        self.reason_edit.setAccessibleName("Varför introduktionen räknas som klar")
        self.reason_edit.setPlaceholderText("Till exempel: gick igenom allt på förra placeringen")
        self.mark_button = QPushButton("&Markera som klar", self.mark_box)
        self.mark_button.setAccessibleName("Markera introduktionen som klar")
        self.mark_button.clicked.connect(self.mark_done)
        # The reason is required: the button waits for it, instead of refusing afterwards.
        self.mark_button.setEnabled(False)
        self.mark_button.setToolTip("Skriv först varför introduktionen räknas som klar.")
        self.reason_edit.textChanged.connect(
            lambda text: self.mark_button.setEnabled(bool(text.strip()))
        )
        self.reason_edit.returnPressed.connect(self.mark_button.click)
        self.unmark_button = QPushButton("&Ta bort markeringen", self.mark_box)
        self.unmark_button.setAccessibleName("Ta bort markeringen att introduktionen är klar")
        self.unmark_button.clicked.connect(self.unmark_done)
        row.addWidget(self.reason_edit, 1)
        row.addWidget(self.mark_button)
        row.addWidget(self.unmark_button)
        mark_layout.addLayout(row)
        self.mark_box.setEnabled(self.editable)
        self.box.addWidget(self.mark_box)
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
                self.box.insertWidget(self.box.indexOf(self.mark_box), check)
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
        reason, on = "", None
        with user_errors(self):
            reason, on = self.app.journey_status.introduction_reason(self.participant_id)
        marked = bool(reason)
        # Needed only while items are left (or to withdraw an earlier mark).
        self.mark_box.setVisible(marked or done < len(items))
        self.mark_label.setText(
            f"Markerad som klar {format_date(on)}: {reason}" if marked else MARK_HELP
        )
        self.reason_edit.setVisible(not marked)
        self.mark_button.setVisible(not marked)
        self.unmark_button.setVisible(marked)

    def has_unsaved_text(self) -> bool:
        return self.reason_edit.isVisibleTo(self) and bool(self.reason_edit.text().strip())

    def mark_done(self) -> None:
        try:
            self.app.journey_status.mark_introduction_done(
                self.user.id, self.participant_id, self.reason_edit.text()
            )
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.reason_edit.clear()
        self.refresh()
        self.changed.emit()

    def unmark_done(self) -> None:
        with user_errors(self):
            self.app.journey_status.unmark_introduction_done(self.user.id, self.participant_id)
        self.refresh()
        self.changed.emit()

    def _toggled(self, index: int, on: bool) -> None:
        try:
            self.app.journey.set_checklist_item(self.user.id, self.items[index].id, on)
        except UserError as exc:
            show_user_error(self, exc)
        self.refresh()
        self.changed.emit()
