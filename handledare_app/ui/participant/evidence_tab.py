"""Bevis: the participant's evidence as a table, with add, edit and remove."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import AttachmentKind, EvidenceType, Role
from ...domain.records import EvidenceInfo, SupervisorInfo
from ...domain.swedish import count_text
from ..errors import user_errors
from ..formatting import format_date
from ..widgets import read_only_table, text_label
from .evidence_dialog import EvidenceDialog
from .evidence_model import EvidenceTableModel

if TYPE_CHECKING:
    from ...services.app import App

EMPTY_TEXT = (
    "Inga bevis ännu. Klicka på Lägg till bevis när deltagaren har visat något: en "
    "observation, ett foto, ett arbetsprov eller ett vittnesutlåtande."
)
READ_ONLY_TEXT = "Du kan titta men inte ändra: det kräver rollen handledare."


def can_edit(user: SupervisorInfo) -> bool:
    return user.active and bool(user.roles & {Role.SUPERVISOR, Role.ADMIN})


class EvidenceTab(QWidget):
    changed = Signal()

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

        self.model = EvidenceTableModel(self)
        self.table = read_only_table(self.model, "Deltagarens bevis", self)
        # Double-click and Enter (in eventFilter), not `activated`: a double-click would
        # also activate on some styles and open the dialog a second time.
        self.table.doubleClicked.connect(self._edit_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.summary_label = QLabel(self)
        self.empty_label = text_label(EMPTY_TEXT, self)
        self.read_only_label = text_label(READ_ONLY_TEXT, self)
        self.read_only_label.setVisible(not self.editable)

        self.add_button = QPushButton("&Lägg till bevis …", self)
        self.add_button.setAccessibleName("Lägg till bevis")
        self.add_button.setToolTip("Nytt bevis (Ctrl+N)")
        self.add_button.clicked.connect(self.add_evidence)
        self.edit_button = QPushButton("Ä&ndra …", self)
        self.edit_button.setAccessibleName("Ändra valt bevis")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton("&Ta bort …", self)
        self.remove_button.setAccessibleName("Ta bort valt bevis")
        self.remove_button.setToolTip("Ta bort valt bevis (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.add_button.setEnabled(self.editable)
        if not self.editable:
            self.edit_button.setText("&Visa …")
            self.edit_button.setAccessibleName("Visa valt bevis")

        new_shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_shortcut.activated.connect(self.add_evidence)
        self.table.installEventFilter(self)  # Enter opens, Delete removes (asks first)

        buttons = QHBoxLayout()
        buttons.addWidget(self.summary_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.read_only_label)
        # Empty: the sentence at the top, the space below it.
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.table, 1)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.key() == Qt.Key.Key_Delete:
                self.remove_selected()
            else:
                self.edit_selected()
            return True
        return super().eventFilter(watched, event)

    # --- data ---------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.selected()
        rows: list[EvidenceInfo] = []
        with user_errors(self):
            rows = self.app.evidence.list(self.participant_id)
        self.model.set_rows(rows)
        empty = not rows
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)
        self.summary_label.setText(count_text(len(rows), "bevis", "bevis"))
        if keep is not None:
            self.select(keep.id)
        if self.selected() is None and rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> EvidenceInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_record(rows[0].row()) if rows else None

    def select(self, evidence_id: str) -> None:
        row = self.model.row_of(evidence_id)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has and self.editable)

    # --- actions ------------------------------------------------------------------

    def make_dialog(self, evidence: EvidenceInfo | None = None) -> EvidenceDialog:
        return EvidenceDialog(
            self.app,
            self.user,
            self.participant_id,
            evidence,
            self,
            read_only=not self.editable,
        )

    def _run(self, dialog: EvidenceDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.refresh()
            self.select(dialog.saved.id)
            self.changed.emit()
        dialog.deleteLater()

    def add_evidence(self) -> None:
        if not self.editable:
            return
        with user_errors(self):
            self._run(self.make_dialog())

    def _edit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def edit_selected(self) -> None:
        """Opens the selected evidence: to change it, or only to look (quality assurer)."""
        current = self.selected()
        if current is None:
            return
        with user_errors(self):
            fresh = self.app.evidence.get(current.id)
            self._run(self.make_dialog(fresh))

    def remove_selected(self) -> None:
        current = self.selected()
        if current is None or not self.editable:
            return
        what = []
        if current.criterion_ids:
            what.append("kopplingarna till kriterierna")
        if current.attachments:
            what.append("bilagorna")
        extra = f" Även {' och '.join(what)} tas bort." if what else ""
        answer = QMessageBox.question(
            self,
            "Ta bort bevis",
            f"Ta bort beviset ”{current.title}” från {format_date(current.date)}?{extra}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with user_errors(self):
            self.app.evidence.delete(self.user.id, current.id)
            self.refresh()
            self.changed.emit()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The Bevis tab and the evidence dialog filled with a photo and linked criteria.

    Uses the participant's own evidence with a photo when there is one; otherwise a new,
    unsaved dialog with a generated demo photo (nothing is written to the database)."""
    tab = EvidenceTab(app, user, participant_id)
    tab.resize(1366, 768)
    evidence = app.evidence.list(participant_id)
    with_photo = [
        e
        for e in evidence
        if e.criterion_ids and any(a.kind is AttachmentKind.PHOTO for a in e.attachments)
    ]
    if with_photo:
        dialog = EvidenceDialog(app, user, participant_id, with_photo[0])
    else:
        dialog = _filled_new_dialog(app, user, participant_id)
    dialog.finish_thumbnails()  # the dialogs keep the size they take on the screen
    saving = _filled_new_dialog(app, user, participant_id)
    saving.finish_thumbnails()
    saving.show_saving(True)  # the look only: nothing is saved (issue 14)
    return [("bevis", tab), ("bevis-dialog", dialog), ("bevis-dialog-sparar", saving)]


def _filled_new_dialog(app: App, user: SupervisorInfo, participant_id: str) -> EvidenceDialog:
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from ...services.demo_images import demo_photo

    criteria = [
        c.id for p in app.assessment.participant_progress(participant_id) for c in p.module.criteria
    ]
    dialog = EvidenceDialog(app, user, participant_id, criterion_ids=criteria[:3])
    dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.PHOTO))
    dialog.title_edit.setText("Sorterad hylla med prismärkta varor")
    dialog.description_edit.setPlainText("Sorterade och prismärkte en hel hylla på egen hand.")
    folder = Path(tempfile.mkdtemp(prefix="handledare-skarmbild-"))
    atexit.register(shutil.rmtree, folder, True)
    photo = folder / "hylla.png"
    photo.write_bytes(demo_photo(11, 640, 480))
    dialog.add_files([photo])  # refused (and said so) without photo consent
    return dialog
