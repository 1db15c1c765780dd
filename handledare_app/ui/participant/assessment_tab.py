"""Bedömning: judge each criterion with one click; a module is *klar för signering* when
every criterion is met (no partial credit), and its Signera button opens the signing
(module strip: module_strip.py; texts: assessment_texts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import AssessmentStatus, EvidenceType, ModuleStatus
from ...domain.errors import UserError
from ...domain.records import EnrollmentProgress, SupervisorInfo
from ...domain.rules import EVIDENCE_REQUIRED_MESSAGE
from ..errors import user_errors
from ..widgets import ERROR_COLOUR, text_label
from .assessment_model import (
    COL_COMMENT,
    COL_EVIDENCE,
    COL_STATUS,
    COL_TEXT,
    ENROLLMENT_ROLE,
    ID_ROLE,
    KIND_ROLE,
    AssessmentTreeModel,
    shape_of,
)
from .assessment_texts import (
    CHOOSE_TEXT,
    EMPTY_TEXT,
    JUDGE_WITH_EVIDENCE_TEXT,
    JUDGEMENTS,
    KEYS_TEXT,
    bare_text,
)
from .comment_keeper import CommentKeeper
from .evidence_dialog import EvidenceDialog
from .evidence_tab import can_edit
from .judge_row import JUDGE_TITLE, TAB_MARGIN, fit_tree, judge_row, short_tab
from .module_strip import ModuleRowWidgets, ModuleStrip

if TYPE_CHECKING:
    from ...services.app import App


class AssessmentTab(QWidget):
    changed = Signal()
    sign_requested = Signal(str)  # enrollment id

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.participant_id = participant_id
        self.editable = can_edit(user)

        # --- module strip -------------------------------------------------------------
        self.modules_box = ModuleStrip(self)

        # --- tree ---------------------------------------------------------------------
        self.model = AssessmentTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Bedömning per kriterium")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        icon_edge = self.fontMetrics().height()
        self.tree.setIconSize(QSize(icon_edge, icon_edge))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EVIDENCE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_COMMENT, QHeaderView.ResizeMode.Interactive)
        fit_tree(self.tree)  # rows it keeps at large font; the Bedömning column's width
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.installEventFilter(self)  # U / P / E judge the selected criterion
        self.empty_label = text_label(EMPTY_TEXT, self)
        # Criteria judged Uppnådd before evidence was required (or whose evidence was
        # removed) are listed here, never changed behind the supervisor's back.
        self.bare_label = text_label("", self)
        self.bare_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.bare_label.setAccessibleName("Uppnådda kriterier utan bevis")
        self.bare_label.setVisible(False)

        # --- judging ------------------------------------------------------------------
        self.judge_box = QGroupBox(JUDGE_TITLE, self)
        self.judge_box.setToolTip(KEYS_TEXT)
        self.criterion_label = text_label(CHOOSE_TEXT, self.judge_box)
        self.comment_edit = QLineEdit(self.judge_box)
        self.comment_edit.setAccessibleName("Kommentar till bedömningen")
        self.comment_edit.setPlaceholderText("Frivilligt: vad såg du, vad behöver övas?")
        comment_label = QLabel("&Kommentar:", self.judge_box)
        comment_label.setBuddy(self.comment_edit)
        self.judge_buttons: dict[AssessmentStatus, QPushButton] = {}
        self.judge_actions: dict[AssessmentStatus, QAction] = {}
        self._keys: dict[Qt.Key, AssessmentStatus] = {}
        buttons_row = QHBoxLayout()
        for status, text, key in JUDGEMENTS:
            button = QPushButton(text, self.judge_box)
            button.setAccessibleName(f"Bedöm som {status.label.lower()}")
            button.setToolTip(f"Bedöm valt kriterium som {status.label.lower()} ({key})")
            button.clicked.connect(lambda _c=False, s=status: self.judge_current(s))
            buttons_row.addWidget(button)
            self.judge_buttons[status] = button
            # For the context menu; the key itself is handled in eventFilter.
            action = QAction(status.label, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _c=False, s=status: self.judge_current(s))
            self.judge_actions[status] = action
            self._keys[getattr(Qt.Key, f"Key_{key}")] = status
        buttons_row.addStretch(1)
        self.evidence_button = QPushButton("Nytt &bevis för kriteriet …", self.judge_box)
        self.evidence_button.setAccessibleName("Nytt bevis för valt kriterium")
        self.evidence_button.setToolTip("Registrera ett bevis som redan är kopplat till kriteriet")
        self.evidence_button.clicked.connect(self.add_evidence_for_current)
        buttons_row.addWidget(self.evidence_button)
        self.error_label = QLabel(self.judge_box)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.error_label.setVisible(False)
        judge_layout = QVBoxLayout(self.judge_box)
        judge_layout.addWidget(self.criterion_label)
        judge_layout.addLayout(judge_row(comment_label, self.comment_edit, buttons_row))
        judge_layout.addWidget(self.error_label)

        self.comment_keeper = CommentKeeper(self)  # asks before a typed comment is lost
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*[TAB_MARGIN] * 4)  # room for the tree at large font
        layout.addWidget(self.modules_box)
        layout.addWidget(self.bare_label)
        # Empty: the sentence at the top, the space below it.
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.judge_box)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A short tab (large font, small screen): the module strip shows one row so
        # the criterion tree keeps its room.
        self.modules_box.set_compact(short_tab(self, event.size().height()))
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and Qt.Key(event.key()) in self._keys
        ):
            self.judge_current(self._keys[Qt.Key(event.key())])
            return True
        return super().eventFilter(watched, event)

    # --- data ---------------------------------------------------------------------

    def refresh(self) -> None:
        progress: list[EnrollmentProgress] = []
        with user_errors(self):
            progress = self.app.assessment.participant_progress(self.participant_id)
        current = self._current_ids()
        reset = shape_of(progress) != shape_of(self.model.progress())
        self.model.set_progress(progress)
        if reset:
            self.tree.expandAll()
            if current is not None:
                self._select(*current)
        self._rebuild_module_strip(progress)
        bare = [
            f"{p.module.code} {c.number}" for p in progress for c in p.achieved_without_evidence
        ]
        self.bare_label.setText(bare_text(bare))
        self.bare_label.setVisible(bool(bare))
        empty = not progress
        self.empty_label.setVisible(empty)
        for w in (self.tree, self.judge_box, self.modules_box):
            w.setVisible(not empty)
        self._selection_changed()

    def _rebuild_module_strip(self, progress: list[EnrollmentProgress]) -> None:
        self.modules_box.rebuild(
            progress, self.fontMetrics().height(), lambda e: self.sign_requested.emit(e)
        )

    @property
    def module_rows(self) -> list[ModuleRowWidgets]:
        return self.modules_box.rows

    def has_unsaved_text(self) -> bool:
        """A comment typed for the selected criterion but not yet given with a judgement."""
        node = self.model.node(self.tree.currentIndex())
        if node is None or node.criterion is None or not self.comment_edit.isEnabled():
            return False
        info = node.enrollment.assessments.get(node.criterion.id)
        return self.comment_edit.text().strip() != (info.comment if info else "")

    def module_row(self, enrollment_id: str) -> ModuleRowWidgets | None:
        return self.modules_box.row(enrollment_id)

    # --- selection ----------------------------------------------------------------

    def _current_ids(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex()
        if not index.isValid() or index.data(KIND_ROLE) != "criterion":
            return None
        return str(index.data(ENROLLMENT_ROLE)), str(index.data(ID_ROLE))

    def _select(self, enrollment_id: str, criterion_id: str) -> None:
        index = self.model.index_of_criterion(enrollment_id, criterion_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def select_criterion(self, enrollment_id: str, criterion_id: str) -> None:
        self._select(enrollment_id, criterion_id)

    def _selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        self.comment_keeper.leaving(self._current_ids())
        self.error_label.setVisible(False)
        index = self.tree.currentIndex()
        node = self.model.node(index)
        is_criterion = node is not None and node.criterion is not None
        locked = node is not None and node.enrollment.status is ModuleStatus.SIGNED
        enabled = is_criterion and self.editable and not locked
        for button in self.judge_buttons.values():
            button.setEnabled(enabled)
        for action in self.judge_actions.values():
            action.setEnabled(enabled)
        self.comment_edit.setEnabled(enabled)
        self.evidence_button.setEnabled(enabled)  # a signed module takes no new evidence
        if node is None or node.criterion is None:
            self.criterion_label.setText(CHOOSE_TEXT)
            self.comment_edit.clear()
            return
        c = node.criterion
        info = node.enrollment.assessments.get(c.id)
        status = info.status if info else AssessmentStatus.NOT_STARTED
        text = f"{node.enrollment.module.code} {c.number}: {c.text} Nu: {status.label}."
        if locked:
            text += " (modulen är signerad och kan inte ändras)"
        elif not self.editable:
            text += " (du kan titta men inte bedöma: det kräver rollen handledare)"
        self.criterion_label.setText(text)
        self.comment_edit.setText(info.comment if info else "")

    # --- judging ------------------------------------------------------------------

    def judge_current(self, status: AssessmentStatus) -> bool:
        """Judge the selected criterion with the comment field's text; then move on."""
        node = self.model.node(self.tree.currentIndex())
        if node is None or node.criterion is None or not self.editable:
            return False
        enrollment_id = node.enrollment.enrollment_id
        criterion_id = node.criterion.id
        if (
            status is AssessmentStatus.ACHIEVED
            and node.enrollment.status is not ModuleStatus.SIGNED
            and node.enrollment.evidence_counts.get(criterion_id, 0) < 1
            and not self._evidence_first(criterion_id)
        ):
            self.error_label.setText(EVIDENCE_REQUIRED_MESSAGE)
            self.error_label.setVisible(True)
            return False
        try:
            self.app.assessment.judge(
                self.user.id, enrollment_id, criterion_id, status, self.comment_edit.text()
            )
        except UserError as exc:
            self.error_label.setText(exc.full_text())
            self.error_label.setVisible(True)
            return False
        self.refresh()
        self._select_next(enrollment_id, criterion_id)
        self.changed.emit()
        return True

    def make_evidence_dialog(self, criterion_id: str, *, judging: bool = False) -> EvidenceDialog:
        if not judging:
            return EvidenceDialog(
                self.app, self.user, self.participant_id, None, self, criterion_ids=[criterion_id]
            )
        return EvidenceDialog(
            self.app,
            self.user,
            self.participant_id,
            None,
            self,
            criterion_ids=[criterion_id],
            intro=JUDGE_WITH_EVIDENCE_TEXT,
            evidence_type=EvidenceType.OBSERVATION,
        )

    def _evidence_first(self, criterion_id: str) -> bool:
        """Uppnådd without evidence: record it now (an observation by default). True when
        saved evidence now shows the criterion."""
        dialog = self.make_evidence_dialog(criterion_id, judging=True)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        saved = dialog.saved
        dialog.deleteLater()
        return accepted and saved is not None and criterion_id in saved.criterion_ids

    def add_evidence_for_current(self) -> None:
        """Evidence is often recorded while judging: the dialog opens with this criterion ticked."""
        node = self.model.node(self.tree.currentIndex())
        if node is None or node.criterion is None or not self.editable:
            return
        dialog = self.make_evidence_dialog(node.criterion.id)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self.refresh()
            self.changed.emit()

    def _select_next(self, enrollment_id: str, criterion_id: str) -> None:
        """After a judgement the next criterion of the same module is selected."""
        order = self.model.criterion_indexes()
        for i, index in enumerate(order):
            if index.data(ID_ROLE) == criterion_id and index.data(ENROLLMENT_ROLE) == enrollment_id:
                nxt = order[i + 1] if i + 1 < len(order) else None
                if nxt is not None and nxt.data(ENROLLMENT_ROLE) == enrollment_id:
                    self.tree.setCurrentIndex(nxt)
                    self.tree.scrollTo(nxt)
                else:
                    self._selection_changed()
                return

    def _context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid() or index.data(KIND_ROLE) != "criterion":
            return
        self.tree.setCurrentIndex(index.siblingAtColumn(0))
        menu = QMenu(self)
        for status in self.judge_actions:
            menu.addAction(self.judge_actions[status])
        menu.exec(self.tree.viewport().mapToGlobal(pos))


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The Bedömning tab; the first criterion of the first ready module is selected."""
    tab = AssessmentTab(app, user, participant_id)
    tab.resize(1366, 768)
    progress = tab.model.progress()
    ready = [p for p in progress if p.status is ModuleStatus.READY_FOR_SIGNOFF]
    chosen = ready[0] if ready else (progress[0] if progress else None)
    if chosen is not None and chosen.module.criteria:
        tab.select_criterion(chosen.enrollment_id, chosen.module.criteria[0].id)
        tab.tree.scrollToTop()
    return [("bedomning", tab)]
