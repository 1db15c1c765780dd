"""The participant list: a table model over `ParticipantSummary` rows and a proxy that
filters and sorts them.

The proxy does its work in Python over precomputed keys (one list comprehension and one
`sorted` per change) instead of QSortFilterProxyModel, whose per-comparison calls back into
Python make sorting 10,000 rows take about a second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ..domain.enums import JourneyStage, PlacementType
from ..domain.records import ParticipantSummary

Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2

NAME, PLACEMENT, START, RESPONSIBLE, STAGE, PROGRESS = range(6)
HEADINGS = ("Namn", "Insats", "Startdatum", "Ansvarig handledare", "Steg", "Framsteg")


def progress_text(p: ParticipantSummary) -> str:
    if not p.criteria_total:
        return "Inga moduler"
    return f"{round(p.progress * 100)} % ({p.criteria_achieved} av {p.criteria_total})"


# Looked up once: enum .label and .position are dictionary and list searches.
_PLACEMENT = {t: t.label for t in PlacementType}
_PLACEMENT_KEY = {t: t.label.casefold() for t in PlacementType}
_STAGE = {s: s.label for s in JourneyStage}
_STAGE_POS = {s: s.position for s in JourneyStage}


def _texts(p: ParticipantSummary) -> tuple[str, ...]:
    return (
        p.name,
        _PLACEMENT[p.placement_type] if p.placement_type else "",
        p.start_date.isoformat() if p.start_date else "",
        p.responsible_name,
        _STAGE[p.stage],
        progress_text(p),
    )


def _sort_keys(p: ParticipantSummary, name: str) -> tuple[Any, ...]:
    return (
        name,
        (_PLACEMENT_KEY[p.placement_type] if p.placement_type else "", name),
        (p.start_date.toordinal() if p.start_date else 0, name),
        (p.responsible_name.casefold(), name),
        (_STAGE_POS[p.stage], name),
        (p.progress, p.criteria_total, name),
    )


@dataclass(frozen=True)
class PreparedRows:
    """Texts and sort keys computed ahead (in the loading worker, off the GUI thread)."""

    records: list[ParticipantSummary]
    texts: list[tuple[str, ...]]
    sort_keys: list[tuple[Any, ...]]
    folded_names: list[str]


def prepare_rows(rows: Sequence[ParticipantSummary]) -> PreparedRows:
    """Pure Python, no Qt: safe to call from a worker thread."""
    records = list(rows)
    folded = [p.name.casefold() for p in records]
    return PreparedRows(
        records,
        [_texts(p) for p in records],
        [_sort_keys(p, n) for p, n in zip(records, folded, strict=True)],
        folded,
    )


class ParticipantTableModel(QAbstractTableModel):
    """Read-only; `set_rows` replaces everything (the list is loaded as a whole)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[ParticipantSummary] = []
        self._texts: list[tuple[str, ...]] = []
        self.sort_keys: list[tuple[Any, ...]] = []
        self.folded_names: list[str] = []

    def set_rows(self, rows: Sequence[ParticipantSummary]) -> None:
        self.set_prepared(prepare_rows(rows))

    def set_prepared(self, prepared: PreparedRows) -> None:
        """Texts and keys computed once: data() and sorting are then plain lookups."""
        self.beginResetModel()
        self.records = prepared.records
        self._texts = prepared.texts
        self.sort_keys = prepared.sort_keys
        self.folded_names = prepared.folded_names
        self.endResetModel()

    def record(self, row: int) -> ParticipantSummary:
        return self.records[row]

    def column_texts(self, column: int, rows: Sequence[int]) -> list[str]:
        return [self._texts[r][column] for r in rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.row_data(index.row(), index.column(), role)

    def row_data(self, row: int, col: int, role: int) -> Any:
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self._texts[row][col]
        if role == ID_ROLE:
            return self.records[row].id
        if role == PROGRESS_ROLE:
            return self.records[row].progress
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADINGS)
        ):
            return HEADINGS[section]
        return None


@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    status: str = "active"  # active | ended | all
    responsible_id: str | None = None
    business_area: str | None = None


class ParticipantProxyModel(QAbstractProxyModel):
    """Filter and sort over a `ParticipantTableModel`. Only resets and data changes of the
    source are followed (that model never inserts or removes single rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter = ListFilter()
        self._sort_column = NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rows: list[int] = []  # proxy row -> source row
        self._pos: dict[int, int] = {}  # source row -> proxy row

    def source(self) -> ParticipantTableModel:
        model = self.sourceModel()
        assert isinstance(model, ParticipantTableModel)
        return model

    def setSourceModel(self, model: ParticipantTableModel) -> None:  # type: ignore[override]
        old = self.sourceModel()
        if old is not None:
            old.modelReset.disconnect(self._rebuild)
            old.dataChanged.disconnect(self._source_data_changed)
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelReset.connect(self._rebuild)
        model.dataChanged.connect(self._source_data_changed)
        self._compute()
        self.endResetModel()

    # --- filtering and sorting -------------------------------------------------------

    def set_filter(self, flt: ListFilter) -> None:
        if flt != self.filter:
            self.filter = flt
            self._rebuild()

    def _accepts(self) -> Callable[[int], bool]:
        src = self.source()
        f = self.filter
        needle = f.text.casefold().strip()
        records, names = src.records, src.folded_names

        def accepts(i: int) -> bool:
            p = records[i]
            if f.status == "active" and not p.active:
                return False
            if f.status == "ended" and p.active:
                return False
            if f.responsible_id is not None and p.responsible_id != f.responsible_id:
                return False
            if f.business_area is not None and f.business_area not in p.business_areas:
                return False
            return not needle or needle in names[i]

        return accepts

    def _compute(self) -> None:
        src = self.sourceModel()
        if not isinstance(src, ParticipantTableModel):
            self._rows, self._pos = [], {}
            return
        rows = list(filter(self._accepts(), range(len(src.records))))
        self._rows = self._sorted(rows)
        self._pos = {s: i for i, s in enumerate(self._rows)}

    def _sorted(self, rows: list[int]) -> list[int]:
        if not 0 <= self._sort_column < len(HEADINGS):
            return rows
        keys = self.source().sort_keys
        col = self._sort_column
        return sorted(
            rows,
            key=lambda r: keys[r][col],
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._compute()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        if self.sourceModel() is None:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_sources = [self._rows[i.row()] if i.isValid() else -1 for i in old_persistent]
        self._rows = self._sorted(self._rows)
        self._pos = {s: i for i, s in enumerate(self._rows)}
        new = [
            self.index(self._pos[s], i.column()) if s >= 0 else QModelIndex()
            for s, i in zip(old_sources, old_persistent, strict=True)
        ]
        self.changePersistentIndexList(old_persistent, new)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any) -> None:
        if self._rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    # --- the proxy interface ---------------------------------------------------------

    def source_row(self, proxy_row: int) -> int:
        return self._rows[proxy_row]

    def record(self, proxy_row: int) -> ParticipantSummary:
        return self.source().records[self._rows[proxy_row]]

    def row_of(self, participant_id: str) -> int | None:
        for i, s in enumerate(self._rows):
            if self.source().records[s].id == participant_id:
                return i
        return None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index | None = None) -> Any:  # type: ignore[override]
        if child is None:
            return QObject.parent(self)  # the QObject overload
        return QModelIndex()

    def sibling(self, row: int, column: int, idx: Index) -> QModelIndex:
        return self.index(row, column) if idx.isValid() else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        src = self.sourceModel()
        return 0 if parent.isValid() or src is None else src.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy: Index) -> QModelIndex:
        if not proxy.isValid() or proxy.row() >= len(self._rows):
            return QModelIndex()
        return self.source().index(self._rows[proxy.row()], proxy.column())

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        pos = self._pos.get(source.row())
        return QModelIndex() if pos is None else self.index(pos, source.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Straight to the source's rows: one Python call per cell instead of three.
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        src = self.source()
        return src.row_data(self._rows[index.row()], index.column(), role)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        src = self.sourceModel()
        if src is None or orientation != Qt.Orientation.Horizontal:
            return None
        return src.headerData(section, orientation, role)
