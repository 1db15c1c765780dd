"""Read-only `*TableModel`s over service results (lists of frozen records)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..domain.catalogue import format_points
from ..domain.records import ModuleInfo, SupervisorInfo
from .formatting import roles_text

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Columns are (heading, how to turn a record into text)."""

    columns: Sequence[tuple[str, Callable[[R], str]]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_record(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        return self.columns[index.column()][1](self._rows[index.row()])

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> str | None:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section][0]
        return None


class ModuleTableModel(RecordTableModel[ModuleInfo]):
    columns = (
        ("Kod", lambda m: m.code),
        ("Modul", lambda m: m.title),
        ("SeQF-nivå", lambda m: str(m.seqf_level)),
        ("Poäng", lambda m: format_points(m.points)),
        ("Version", lambda m: str(m.version)),
    )


class SupervisorTableModel(RecordTableModel[SupervisorInfo]):
    columns = (
        ("Namn", lambda s: s.name),
        ("Roller", lambda s: roles_text(s.roles)),
        ("Status", lambda s: "Aktiv" if s.active else "Inaktiverad"),
    )
