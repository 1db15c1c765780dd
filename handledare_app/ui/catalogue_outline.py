"""A module's learning outcomes and assessment criteria as an editable tree: add, move
and remove rows, edit the chosen row's text, numbers kept in order (1, 1.1, 1.2 …)."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalogue import OutcomeDraft
from .catalogue_guard import named_button

MAX_OUTCOMES = 10
MAX_CRITERIA = 12


def _top(tree: QTreeWidget, index: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(index)
    assert item is not None  # index < topLevelItemCount()
    return item


def _child(parent: QTreeWidgetItem, index: int) -> QTreeWidgetItem:
    item = parent.child(index)
    assert item is not None  # index < childCount()
    return item


class OutlineEditor(QWidget):
    """The tree (Nr, Text), its buttons on the side and the chosen row's text below.
    `refuse` is told a Swedish message when a limit stops an addition."""

    def __init__(self, refuse: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refuse = refuse
        tree_label = QLabel("Läranderesultat och bedömningskriteri&er:", self)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Läranderesultat och bedömningskriterier")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Nr", "Text"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("10.12") * 2)
        tree_label.setBuddy(self.tree)
        self.add_outcome_button = named_button(
            "Nytt &läranderesultat", "Nytt läranderesultat", self
        )
        self.add_criterion_button = named_button(
            "Nytt k&riterium", "Nytt bedömningskriterium", self
        )
        self.up_button = named_button("Flytta &upp", "Flytta upp", self)
        self.down_button = named_button("Flytta &ned", "Flytta ned", self)
        self.remove_button = named_button("Ta bort ra&d", "Ta bort markerad rad", self)
        side = QVBoxLayout()
        for b in self.buttons():
            side.addWidget(b)
        side.addStretch(1)
        self.text_label = QLabel("Te&xt för markerad rad:", self)
        self.item_text = QPlainTextEdit(self)
        self.item_text.setAccessibleName("Text för markerad rad")
        self.item_text.setTabChangesFocus(True)
        self.item_text.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.text_label.setBuddy(self.item_text)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(tree_label, 0, 0, 1, 2)
        grid.addWidget(self.tree, 1, 0)
        grid.addLayout(side, 1, 1)
        grid.addWidget(self.text_label, 2, 0, 1, 2)
        grid.addWidget(self.item_text, 3, 0)
        grid.setRowStretch(1, 1)

        self.add_outcome_button.clicked.connect(self.add_outcome)
        self.add_criterion_button.clicked.connect(self.add_criterion)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.item_text.textChanged.connect(self._item_text_changed)

    def buttons(self) -> list[QWidget]:
        """The side buttons, top to bottom (also their tab order)."""
        return [
            self.add_outcome_button,
            self.add_criterion_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ]

    # --- content ---------------------------------------------------------------------

    def load(self, outcomes: list[tuple[str, list[str]]]) -> None:
        """Show (outcome text, criterion texts) rows, the first one chosen."""
        for outcome_text, criteria in outcomes:
            item = self._new_item(None, outcome_text)
            for criterion_text in criteria:
                self._new_item(item, criterion_text)
        self._renumber()
        self.tree.expandAll()
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(_top(self.tree, 0))

    def outcomes(self) -> tuple[OutcomeDraft, ...]:
        out = []
        for oi in range(self.tree.topLevelItemCount()):
            outcome = _top(self.tree, oi)
            criteria = tuple(_child(outcome, ci).text(1) for ci in range(outcome.childCount()))
            out.append(OutcomeDraft(outcome.text(1), criteria))
        return tuple(out)

    def _new_item(self, parent: QTreeWidgetItem | None, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(["", text])
        item.setToolTip(1, text)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def _renumber(self) -> None:
        for oi in range(self.tree.topLevelItemCount()):
            outcome = _top(self.tree, oi)
            outcome.setText(0, str(oi + 1))
            for ci in range(outcome.childCount()):
                _child(outcome, ci).setText(0, f"{oi + 1}.{ci + 1}")

    # --- outcomes and criteria ----------------------------------------------------------

    def _current_outcome(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item.parent() or item

    def add_outcome(self) -> None:
        if self.tree.topLevelItemCount() >= MAX_OUTCOMES:
            self._refuse(f"En modul kan ha högst {MAX_OUTCOMES} läranderesultat.")
            return
        item = self._new_item(None, "")
        self._new_item(item, "")
        item.setExpanded(True)
        self._renumber()
        self.tree.setCurrentItem(item)
        self.item_text.setFocus()

    def add_criterion(self) -> None:
        outcome = self._current_outcome()
        if outcome is None:
            self.add_outcome()
            return
        if outcome.childCount() >= MAX_CRITERIA:
            self._refuse(f"Ett läranderesultat kan ha högst {MAX_CRITERIA} bedömningskriterier.")
            return
        current = self.tree.currentItem()
        item = QTreeWidgetItem(["", ""])
        index = (
            outcome.indexOfChild(current) + 1
            if current is not None and current is not outcome
            else outcome.childCount()
        )
        outcome.insertChild(index, item)
        outcome.setExpanded(True)
        self._renumber()
        self.tree.setCurrentItem(item)
        self.item_text.setFocus()

    def move_current(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if not 0 <= target < self.tree.topLevelItemCount():
                return
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
            item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if not 0 <= target < parent.childCount():
                return
            parent.takeChild(index)
            parent.insertChild(target, item)
        self._renumber()
        self.tree.setCurrentItem(item)
        self.update_buttons()

    def remove_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            self.tree.takeTopLevelItem(index)
        else:
            parent.removeChild(item)
        self._renumber()
        self.update_buttons()

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.item_text.blockSignals(True)
        self.item_text.setPlainText(current.text(1) if current is not None else "")
        self.item_text.blockSignals(False)
        if current is None:
            self.text_label.setText("Te&xt för markerad rad:")
        elif current.parent() is None:
            self.text_label.setText(f"Te&xt för läranderesultat {current.text(0)}:")
            self.item_text.setPlaceholderText("Deltagaren kan …")
        else:
            self.text_label.setText(f"Te&xt för bedömningskriterium {current.text(0)}:")
            self.item_text.setPlaceholderText(
                "Något som går att se, till exempel: Tackar för gåvan."
            )
        self.update_buttons()

    def _item_text_changed(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            text = self.item_text.toPlainText().replace("\n", " ")
            item.setText(1, text)
            item.setToolTip(1, text)

    def update_buttons(self) -> None:
        item = self.tree.currentItem()
        for b in (self.up_button, self.down_button, self.remove_button):
            b.setEnabled(item is not None)
        self.item_text.setEnabled(item is not None)

    def go_to_row_named_in(self, text: str) -> bool:
        """Choose the outcome or criterion an error text names (True if it names one)."""
        crit = re.search(r"kriterium (\d+)\.(\d+)", text)
        out = re.search(r"läranderesultat (\d+)", text)
        target: QTreeWidgetItem | None = None
        if crit:
            outcome = self.tree.topLevelItem(int(crit.group(1)) - 1)
            if outcome is not None:
                target = outcome.child(int(crit.group(2)) - 1)
        elif out:
            target = self.tree.topLevelItem(int(out.group(1)) - 1)
        if target is None:
            return False
        self.tree.setCurrentItem(target)
        self.item_text.setFocus()
        return True
