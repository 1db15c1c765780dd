"""The Bedömning tree: module → learning outcome → criterion, with status, evidence count
and judgement text. Status is shown by colour, icon *and* text (never colour alone)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from ...domain.enums import AssessmentStatus, ModuleStatus
from ...domain.records import (
    CriterionInfo,
    EnrollmentProgress,
    OutcomeInfo,
)

Index = QModelIndex | QPersistentModelIndex

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "module" | "outcome" | "criterion"
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # enrollment id (module) or criterion id
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # AssessmentStatus or ModuleStatus
ENROLLMENT_ROLE = Qt.ItemDataRole.UserRole + 4  # the enrollment a row belongs to

COLUMNS = ("Modul och kriterium", "Status", "Bevis", "Bedömning")
COL_TEXT, COL_STATUS, COL_EVIDENCE, COL_COMMENT = range(4)

# (background, text) per status; light backgrounds keep black text readable.
STATUS_COLOURS: dict[AssessmentStatus, tuple[str, str]] = {
    AssessmentStatus.ACHIEVED: ("#d4eed9", "#0f4d24"),
    AssessmentStatus.IN_PROGRESS: ("#fdeebb", "#5a4300"),
    AssessmentStatus.NOT_STARTED: ("#eeeeee", "#333333"),
}
MODULE_COLOURS: dict[ModuleStatus, tuple[str, str]] = {
    ModuleStatus.READY_FOR_SIGNOFF: ("#d4eed9", "#0f4d24"),
    ModuleStatus.SIGNED: ("#d6e4f5", "#12345a"),
    ModuleStatus.IN_PROGRESS: ("#fdeebb", "#5a4300"),
    ModuleStatus.NOT_STARTED: ("#eeeeee", "#333333"),
}
ICON_COLOURS = {
    "achieved": "#1e7b3a",
    "in_progress": "#b07d00",
    "not_started": "#8a8a8a",
    "signed": "#1f5fa8",
}


def _status_icon(kind: str, size: int = 32) -> QIcon:
    """Filled circle with a tick; half-filled circle; empty ring; filled circle with a seal."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(ICON_COLOURS[kind])
    pen = QPen(colour, size / 10)
    p.setPen(pen)
    m = size * 0.12
    rect_size = size - 2 * m
    if kind in ("achieved", "signed"):
        p.setBrush(colour)
        p.drawEllipse(QPointF(size / 2, size / 2), rect_size / 2, rect_size / 2)
        tick = QPainterPath()
        tick.moveTo(size * 0.3, size * 0.52)
        tick.lineTo(size * 0.45, size * 0.67)
        tick.lineTo(size * 0.72, size * 0.36)
        p.setPen(QPen(QColor("white"), size / 9))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(tick)
    elif kind == "in_progress":
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(size / 2, size / 2), rect_size / 2, rect_size / 2)
        half = QPainterPath()
        half.moveTo(size / 2, size / 2)
        half.arcTo(m, m, rect_size, rect_size, 90, 180)
        half.closeSubpath()
        p.setBrush(colour)
        p.drawPath(half)
    else:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(size / 2, size / 2), rect_size / 2, rect_size / 2)
    p.end()
    return QIcon(pix)


_icons: dict[str, QIcon] = {}


def status_icon(status: AssessmentStatus | ModuleStatus) -> QIcon:
    special: dict[AssessmentStatus | ModuleStatus, str] = {
        ModuleStatus.READY_FOR_SIGNOFF: "achieved",
        ModuleStatus.SIGNED: "signed",
    }
    kind = special.get(status, status.value)
    if kind not in _icons:
        _icons[kind] = _status_icon(kind)
    return _icons[kind]


def module_progress_text(p: EnrollmentProgress) -> str:
    return f"{p.criteria_achieved} av {p.criteria_total} kriterier"


def shape_of(progress: Sequence[EnrollmentProgress]) -> list[tuple[str, ...]]:
    """What the tree's rows are: modules and their criteria (not their statuses)."""
    return [
        (p.enrollment_id, *(c.id for o in p.module.outcomes for c in o.criteria)) for p in progress
    ]


@dataclass
class Node:
    kind: str
    row: int
    parent: int  # node id of the parent; -1 for modules
    enrollment: EnrollmentProgress
    outcome: OutcomeInfo | None = None
    criterion: CriterionInfo | None = None
    children: list[int] = field(default_factory=list)


class AssessmentTreeModel(QAbstractItemModel):
    """Read-only; judging goes through the assessment service and `set_progress`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._nodes: list[Node] = []  # internal id = position in this list
        self._top: list[int] = []

    # --- contents ------------------------------------------------------------------

    def set_progress(self, progress: Sequence[EnrollmentProgress]) -> None:
        """Same modules and criteria: update in place (selection and expansion stay);
        otherwise rebuild."""
        same_shape = bool(self._nodes) and shape_of(progress) == shape_of(self.progress())
        if same_shape:
            by_id = {p.enrollment_id: p for p in progress}
            for node in self._nodes:
                node.enrollment = by_id[node.enrollment.enrollment_id]
            self._emit_all_changed(QModelIndex())
            return
        self.beginResetModel()
        self._nodes = []
        self._top = []
        for m_row, p in enumerate(progress):
            m_id = self._new(Node("module", m_row, -1, p))
            self._top.append(m_id)
            for o_row, outcome in enumerate(p.module.outcomes):
                o_id = self._new(Node("outcome", o_row, m_id, p, outcome))
                self._nodes[m_id].children.append(o_id)
                for c_row, criterion in enumerate(outcome.criteria):
                    c_id = self._new(Node("criterion", c_row, o_id, p, outcome, criterion))
                    self._nodes[o_id].children.append(c_id)
        self.endResetModel()

    def _new(self, node: Node) -> int:
        self._nodes.append(node)
        return len(self._nodes) - 1

    def _emit_all_changed(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows == 0:
            return
        self.dataChanged.emit(
            self.index(0, 0, parent),
            self.index(rows - 1, len(COLUMNS) - 1, parent),
        )
        for row in range(rows):
            self._emit_all_changed(self.index(row, 0, parent))

    def progress(self) -> list[EnrollmentProgress]:
        return [self._nodes[i].enrollment for i in self._top]

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        return self._nodes[index.internalId()]

    def index_of_criterion(self, enrollment_id: str, criterion_id: str) -> QModelIndex:
        for node_id, node in enumerate(self._nodes):
            if (
                node.criterion is not None
                and node.criterion.id == criterion_id
                and node.enrollment.enrollment_id == enrollment_id
            ):
                return self.createIndex(node.row, 0, node_id)
        return QModelIndex()

    def index_of_module(self, enrollment_id: str) -> QModelIndex:
        for row, node_id in enumerate(self._top):
            if self._nodes[node_id].enrollment.enrollment_id == enrollment_id:
                return self.createIndex(row, 0, node_id)
        return QModelIndex()

    def criterion_indexes(self) -> list[QModelIndex]:
        """Every criterion row in display order (for 'next criterion')."""
        out = []
        for m_row in range(self.rowCount()):
            m = self.index(m_row, 0)
            for o_row in range(self.rowCount(m)):
                o = self.index(o_row, 0, m)
                out += [self.index(c_row, 0, o) for c_row in range(self.rowCount(o))]
        return out

    # --- QAbstractItemModel ----------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            children = self._top
        else:
            if parent.column() != 0:
                return QModelIndex()
            children = self._nodes[parent.internalId()].children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._nodes[index.internalId()]
        if node.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[node.parent].row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        return len(self._nodes[parent.internalId()].children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index)
        if node is None:
            return None
        col = index.column()
        if role == KIND_ROLE:
            return node.kind
        if role == ENROLLMENT_ROLE:
            return node.enrollment.enrollment_id
        if node.kind == "module":
            return self._module_data(node, col, role)
        if node.kind == "outcome":
            return self._outcome_data(node, col, role)
        return self._criterion_data(node, col, role)

    def _module_data(self, node: Node, col: int, role: int) -> Any:
        p = node.enrollment
        if role == ID_ROLE:
            return p.enrollment_id
        if role == STATUS_ROLE:
            return p.status
        status_text = f"{p.status.label} ({p.criteria_achieved} av {p.criteria_total})"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_TEXT:
                return f"{p.module.code} {p.module.title}"
            if col == COL_STATUS:
                return status_text
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_TEXT:
            return f"Modul {p.module.code} {p.module.title}, {p.status.label}, {module_progress_text(p)}"
        if col == COL_STATUS:
            return self._status_style(role, p.status, MODULE_COLOURS[p.status])
        if role == Qt.ItemDataRole.FontRole and col == COL_TEXT:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def _outcome_data(self, node: Node, col: int, role: int) -> Any:
        outcome = node.outcome
        assert outcome is not None
        p = node.enrollment
        achieved = sum(
            1
            for c in outcome.criteria
            if c.id in p.assessments and p.assessments[c.id].status is AssessmentStatus.ACHIEVED
        )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_TEXT:
                return f"{outcome.number}. {outcome.text}"
            if col == COL_STATUS:
                return f"{achieved} av {len(outcome.criteria)}"
        return None

    def _criterion_data(self, node: Node, col: int, role: int) -> Any:
        criterion = node.criterion
        assert criterion is not None
        p = node.enrollment
        info = p.assessments.get(criterion.id)
        status = info.status if info else AssessmentStatus.NOT_STARTED
        comment = info.comment if info else ""
        evidence = p.evidence_counts.get(criterion.id, 0)
        if role == ID_ROLE:
            return criterion.id
        if role == STATUS_ROLE:
            return status
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{criterion.number} {criterion.text}",
                status.label,
                str(evidence),
                comment,
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_STATUS and info and info.assessed_on:
                return f"{status.label}, bedömt {info.assessed_on.isoformat()}"
            return (f"{criterion.number} {criterion.text}", status.label, None, comment or None)[
                col
            ]
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_TEXT:
            return (
                f"Kriterium {criterion.number} {criterion.text}. {status.label}. "
                f"{evidence} bevis. {comment}"
            ).strip()
        if col == COL_STATUS:
            return self._status_style(role, status, STATUS_COLOURS[status])
        return None

    @staticmethod
    def _status_style(
        role: int, status: AssessmentStatus | ModuleStatus, colours: tuple[str, str]
    ) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(status)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(colours[0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(colours[1]))
        return None
