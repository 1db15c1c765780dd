"""A checkable tree module → learning outcome → criterion, with a filter box.

Parents are tristate (Qt computes them from their children); ticking a module or an
outcome ticks everything under it. Links the tree cannot show (criteria of a module
that has left the work plan) are kept as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import ModuleStatus
from ...domain.records import EnrollmentProgress
from ..escape_clears import escape_clears
from ..widgets import text_label

CRITERION_ID_ROLE = Qt.ItemDataRole.UserRole
NO_MODULES_TEXT = (
    "Deltagaren har inga moduler i arbetsplanen ännu. Lägg till moduler under fliken "
    "Arbetsplan, så kan beviset kopplas till deras kriterier."
)

SIGNED_SUFFIX = " (signerad: nya bevis kan inte kopplas hit)"


class CriteriaPickerWidget(QWidget):
    changed = Signal()

    def __init__(
        self,
        modules: Sequence[EnrollmentProgress],
        selected: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        selected_ids = set(selected)
        self.filter_edit = QLineEdit(self)
        escape_clears(self.filter_edit)  # Esc empties the search, not closes the dialog
        self.filter_edit.setPlaceholderText("Sök bland kriterierna …")
        self.filter_edit.setAccessibleName("Sök bland kriterierna")
        self.filter_edit.setClearButtonEnabled(True)
        for button in self.filter_edit.findChildren(QToolButton):
            button.setAccessibleName("Töm sökrutan")
        self.filter_edit.textChanged.connect(self.apply_filter)
        filter_label = QLabel("Sö&k:", self)
        filter_label.setBuddy(self.filter_edit)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setAccessibleName("Kriterier som beviset visar")
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        # Issue 13: long criteria wrap inside the visible width instead of ending in "…".
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.count_label = QLabel(self)
        self.empty_label = text_label(NO_MODULES_TEXT, self)
        self.empty_label.setVisible(not modules)

        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        known: set[str] = set()
        signed_items: list[QTreeWidgetItem] = []
        for progress in modules:
            module = progress.module
            # A signed module is locked: offering its criteria only led to a refusal on
            # Spara (found walking the GUI). Its ticks show, but cannot change.
            signed = progress.status is ModuleStatus.SIGNED
            m_flags = flags & ~Qt.ItemFlag.ItemIsUserCheckable if signed else flags
            title = f"{module.code} {module.title}" + (SIGNED_SUFFIX if signed else "")
            m_item = QTreeWidgetItem(self.tree, [title])
            m_item.setFlags(m_flags | Qt.ItemFlag.ItemIsAutoTristate)
            m_item.setToolTip(0, m_item.text(0))
            if signed:
                signed_items.append(m_item)
            for outcome in module.outcomes:
                o_item = QTreeWidgetItem(m_item, [f"{outcome.number}. {outcome.text}"])
                o_item.setFlags(m_flags | Qt.ItemFlag.ItemIsAutoTristate)
                o_item.setToolTip(0, o_item.text(0))
                for criterion in outcome.criteria:
                    c_item = QTreeWidgetItem(o_item, [f"{criterion.number} {criterion.text}"])
                    c_item.setFlags(m_flags)
                    c_item.setData(0, CRITERION_ID_ROLE, criterion.id)
                    c_item.setToolTip(0, c_item.text(0))
                    checked = criterion.id in selected_ids
                    c_item.setCheckState(
                        0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
                    known.add(criterion.id)
        self.tree.expandAll()
        for m_item in signed_items:
            m_item.setExpanded(False)  # out of the way; its ticks stay as they were
        # Links to criteria the tree does not show stay untouched.
        self._hidden = frozenset(selected_ids - known)
        self.tree.itemChanged.connect(self._on_item_changed)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count_label)
        self._update_count()

    def set_read_only(self) -> None:
        """Ticks stay visible but cannot be changed (for someone who may only look)."""
        self.tree.blockSignals(True)
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            item = it.value()
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            it += 1
        self.tree.blockSignals(False)

    def _criterion_items(self) -> list[QTreeWidgetItem]:
        items = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            item = it.value()
            if item.data(0, CRITERION_ID_ROLE):
                items.append(item)
            it += 1
        return items

    def selected_ids(self) -> frozenset[str]:
        ticked = {
            str(item.data(0, CRITERION_ID_ROLE))
            for item in self._criterion_items()
            if item.checkState(0) == Qt.CheckState.Checked
        }
        return frozenset(ticked) | self._hidden

    def set_checked(self, criterion_id: str, checked: bool) -> None:
        for item in self._criterion_items():
            if item.data(0, CRITERION_ID_ROLE) == criterion_id:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def item_for(self, criterion_id: str) -> QTreeWidgetItem | None:
        for item in self._criterion_items():
            if item.data(0, CRITERION_ID_ROLE) == criterion_id:
                return item
        return None

    def _on_item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        n = len(self.selected_ids())
        if n == 0:
            text = "Inga kriterier valda."
        elif n == 1:
            text = "1 kriterium valt."
        else:
            text = f"{n} kriterier valda."
        self.count_label.setText(text)

    def apply_filter(self, text: str) -> None:
        """Show criteria whose text, outcome or module matches; their parents stay visible."""
        needle = text.strip().casefold()
        for m in range(self.tree.topLevelItemCount()):
            m_item = self.tree.topLevelItem(m)
            assert m_item is not None
            m_match = needle in m_item.text(0).casefold()
            m_visible = False
            for o in range(m_item.childCount()):
                o_item = m_item.child(o)
                assert o_item is not None
                o_match = m_match or needle in o_item.text(0).casefold()
                o_visible = False
                for c in range(o_item.childCount()):
                    c_item = o_item.child(c)
                    assert c_item is not None
                    visible = o_match or needle in c_item.text(0).casefold()
                    c_item.setHidden(not visible)
                    o_visible = o_visible or visible
                o_item.setHidden(not o_visible)
                if needle and o_visible:
                    o_item.setExpanded(True)
                m_visible = m_visible or o_visible
            m_item.setHidden(not m_visible)
            if needle and m_visible:
                m_item.setExpanded(True)
