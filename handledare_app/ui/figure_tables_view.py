"""The follow-up figures as readable tables (statistics_tables.Table), one under another."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QTableView, QVBoxLayout, QWidget

from ..services.statistics_tables import Cell, Table
from .widgets import fit_columns, heading_label, read_only_table, text_label

Index = QModelIndex | QPersistentModelIndex


def cell_text(value: Cell) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


class FigureTableModel(QAbstractTableModel):
    def __init__(self, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt)
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt)
        return 0 if parent.isValid() else len(self.table.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.table.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            numeric = isinstance(value, int | float) or value in ("<3", "..", "–", "")
            side = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.table.rows[index.row()][0] == "Totalt":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.table.header[section]
        return None


def _fit_height(view: QTableView) -> None:
    """Show every row: the page scrolls, not each table."""
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.resizeRowsToContents()
    rows = view.model().rowCount()
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(r) for r in range(rows))
    scroll = view.horizontalScrollBar().sizeHint().height()
    view.setFixedHeight(height + scroll)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    width = sum(header.sectionSize(c) for c in range(header.count()))
    view.setMaximumWidth(width + 2 * view.frameWidth() + 4)


class FigureTablesView(QWidget):
    """Headings, tables and notes for a list of figure tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.views: list[QTableView] = []

    def set_tables(self, tables: Sequence[Table]) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.views = []
        for t in tables:
            title = f"Figur {t.number}. {t.title}" if t.number[:1].isdigit() else t.title
            self.layout_.addWidget(heading_label(title, 3, self))
            view = read_only_table(FigureTableModel(t, self), t.title, self)
            fit_columns(view)
            _fit_height(view)
            self.layout_.addWidget(view)
            self.views.append(view)
            for note in t.notes:
                self.layout_.addWidget(text_label(note, self))
        self.layout_.addStretch(1)
