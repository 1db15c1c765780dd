"""Adding and editing one piece of evidence (bevis): what, when, photos and files, which
criteria it shows, and the five quality checks.

Nothing is written before *Spara*; then one service call saves everything or nothing.
It runs on the task runner (hashing, copying and fsyncing a large film takes seconds):
meanwhile the fields are disabled, "Sparar bevis …" shows, the window keeps handling input,
and closing is refused with a note until the save has ended (issue 14).
Closing with unsaved changes (Escape, Avbryt, the window's close button) asks first.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import AttachmentKind, EvidenceType
from ...domain.errors import UserError
from ...domain.records import EnrollmentProgress, EvidenceInfo, SupervisorInfo
from .. import tasks
from ..discard_guard import may_discard
from ..start_folders import photos_folder, remember_photos_folder
from ..widgets import ErrorLabel, fit_to_screen, save_cancel_buttons, text_label, text_size
from .criteria_picker import CriteriaPickerWidget
from .evidence_details import EvidenceDetailsWidget
from .evidence_files import FILE_FILTER, EvidenceFilesBox, dropped_paths
from .photo_preview import PhotoPreviewDialog

if TYPE_CHECKING:
    from ...services.app import App

UNLINKED_QUESTION = (
    "Beviset är inte kopplat till något kriterium, så det visar ännu inget i bedömningen. "
    "Spara ändå? (Välj Nej för att kryssa i kriterierna under Kriterier som beviset visar.)"
)
SAVING_TEXT = "Sparar bevis …"
SAVING_CLOSE_NOTE = (
    "Sparar bevis … Vänta tills det är klart; fönstret stängs av sig självt när beviset är sparat."
)


class EvidenceDialog(QDialog):
    """After `exec()` returns Accepted, `saved` holds the stored evidence."""

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        evidence: EvidenceInfo | None = None,
        parent: QWidget | None = None,
        *,
        criterion_ids: Iterable[str] = (),
        read_only: bool = False,
        intro: str = "",
        evidence_type: EvidenceType | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.participant_id = participant_id
        self.evidence = evidence
        self.saved: EvidenceInfo | None = None
        self.read_only = False
        participant = app.participants.get(participant_id)
        self.photo_consent = participant.photo_consent
        modules: list[EnrollmentProgress] = app.assessment.participant_progress(participant_id)
        self.setWindowTitle(
            ("Ändra bevis" if evidence else "Nytt bevis") + f" – {participant.name}"
        )
        self.setAcceptDrops(True)

        # --- what, when and quality (the left side, scrolling) ----------------------
        self.details = EvidenceDetailsWidget(self)
        for box in self.details.quality_boxes.values():
            box.toggled.connect(self._clear_general_error)
        # The fields stay the dialog's own attributes (callers and tests use them).
        d = self.details
        self.type_combo, self.date_edit, self.title_edit = d.type_combo, d.date_edit, d.title_edit
        self.title_error, self.description_edit = d.title_error, d.description_edit
        self.witness_name_edit, self.witness_role_edit = d.witness_name_edit, d.witness_role_edit
        self.witness_error, self.form, self.quality_boxes = d.witness_error, d.form, d.quality_boxes
        left_scroll = QScrollArea(self)
        left_scroll.setWidget(self.details)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # --- photos and files -------------------------------------------------------
        files_group = EvidenceFilesBox(self.photo_consent, self)
        files_group.add_files_button.clicked.connect(self.choose_files)
        self.files = files_group
        self.attachments, self.files_error = files_group.attachments, files_group.files_error
        self.add_files_button = files_group.add_files_button
        self.remove_file_button = files_group.remove_file_button
        self.files_hint, self.consent_hint = files_group.files_hint, files_group.consent_hint

        # --- criteria ---------------------------------------------------------------
        criteria_group = QGroupBox("Kriterier som beviset visar", self)
        selected = evidence.criterion_ids if evidence else frozenset(criterion_ids)
        self.criteria = CriteriaPickerWidget(modules, selected, criteria_group)
        QVBoxLayout(criteria_group).addWidget(self.criteria)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(files_group)
        right.addWidget(criteria_group)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)

        # --- bottom -----------------------------------------------------------------
        self.error_label = ErrorLabel(self)
        self.busy_label = text_label(SAVING_TEXT, self)
        self.busy_label.setAccessibleName("Sparar")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # the service reports no progress: a busy bar
        self.busy_bar.setAccessibleName(SAVING_TEXT)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(self.fontMetrics().height())
        self.busy_bar.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy_label, 1)
        busy_row.addWidget(self.busy_bar)
        for w in (self.busy_label, self.busy_bar):
            w.setVisible(False)
        self._saving: tasks.Task | None = None
        self.body = splitter
        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(
            self, self.save, save_name="Spara beviset"
        )

        layout = QVBoxLayout(self)
        self.intro_label = text_label(intro, self)
        self.intro_label.setVisible(bool(intro))
        self.intro_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.intro_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(busy_row)
        layout.addWidget(self.buttons)

        self._load(evidence)
        if evidence is None and evidence_type is not None:
            self.details.set_evidence_type(evidence_type)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.attachments.changed.connect(self._clear_general_error)
        self.attachments.preview_requested.connect(self.preview_photo)
        self._type_changed()
        if read_only:
            self._make_read_only()
        self._initial = self._state()
        # Room for the criteria list on a laptop screen (capped to the available area).
        fit_to_screen(self, text_size(self, 190, 46))
        self.title_edit.setFocus()

    def _make_read_only(self) -> None:
        """For a quality assurer: everything visible, nothing changeable."""
        self.read_only = True
        self.setWindowTitle(self.windowTitle().replace("Ändra bevis", "Bevis"))
        self.setAcceptDrops(False)
        self.details.set_read_only()
        self.files.set_read_only()
        self.criteria.set_read_only()
        self.save_button.setVisible(False)
        self.cancel_button.setText("&Stäng")
        self.cancel_button.setAccessibleName("Stäng")

    # --- state --------------------------------------------------------------------

    def _load(self, evidence: EvidenceInfo | None) -> None:
        self.details.load(evidence)
        for att in evidence.attachments if evidence else ():
            self.attachments.add_saved(att, self.app.evidence.attachment_path(att.sha256))

    def evidence_type(self) -> EvidenceType:
        return self.details.evidence_type()

    def _state(self) -> tuple[object, ...]:
        return (
            *self.details.state(),
            self.criteria.selected_ids(),
            tuple(self.attachments.new_paths()),
            tuple(self.attachments.removed_ids()),
        )

    def has_changes(self) -> bool:
        return self._state() != self._initial

    def _type_changed(self) -> None:
        self.details.show_witness_rows()
        self._clear_general_error()

    def _clear_general_error(self) -> None:
        self.error_label.clear_error()

    # --- files --------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Lägg till bilder och filer", photos_folder(), FILE_FILTER
        )
        remember_photos_folder(names)
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: Iterable[Path]) -> list[str]:
        """Check each file now; add the good ones, explain the others. Returns the errors."""
        errors: list[str] = []
        if self.read_only:
            return errors
        for path in paths:
            try:
                _media, kind = self.app.evidence.check_file(
                    self.participant_id, path, self.evidence_type()
                )
            except UserError as exc:
                if exc.message not in errors:
                    errors.append(exc.message)
                continue
            self.attachments.add_new(path, kind is AttachmentKind.PHOTO)
        self.files_error.show_error("\n".join(errors))
        return errors

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in the search box means "go to the results", and on a thumbnail "show
        # it larger" (the list has done that already), never "save the dialog".
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.criteria.filter_edit:
                self.criteria.tree.setFocus()
                return
            if self.focusWidget() is self.attachments:
                return
        super().keyPressEvent(event)

    def preview_photo(self, path: Path, name: str) -> None:
        dialog = PhotoPreviewDialog(path, name, self)
        dialog.exec()
        dialog.deleteLater()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.saving:
            event.ignore()
            return
        paths = dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    # --- saving and closing -------------------------------------------------------

    @property
    def saving(self) -> bool:
        """True while the save runs on the task runner."""
        return self._saving is not None

    def show_saving(self, on: bool) -> None:
        """The look while a save runs (the screenshot shows it without saving)."""
        controls: tuple[QWidget, ...] = (self.body, self.save_button, self.cancel_button)
        for w in controls:
            w.setEnabled(not on)
        self.busy_label.setText(SAVING_TEXT)
        self.busy_label.setVisible(on)
        self.busy_bar.setVisible(on)
        self.setAcceptDrops(not on and not self.read_only)
        if on:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def save(self) -> None:
        if self.read_only or self.saving:
            return
        self.error_label.clear_error()
        field = self.details.check_fields()
        if field is not None:
            self.error_label.show_error("Rätta det som är markerat i rött och spara igen.")
            field.setFocus()
            return
        values = {**self.details.values(), "criterion_ids": self.criteria.selected_ids()}
        if not values["criterion_ids"] and not self.confirm_unlinked():
            self.criteria.filter_edit.setFocus()
            return
        app, user_id, evidence = self.app, self.user.id, self.evidence
        participant_id = self.participant_id
        new_paths, removed = self.attachments.new_paths(), self.attachments.removed_ids()

        def work() -> EvidenceInfo:  # on a worker: hashing, copying and fsyncing the files
            if evidence is None:
                return app.evidence.add(
                    user_id,
                    participant_id,
                    files=new_paths,
                    **values,  # type: ignore[arg-type]
                )
            return app.evidence.update(
                user_id,
                evidence.id,
                add_files=new_paths,
                remove_attachment_ids=removed,
                **values,  # type: ignore[arg-type]
            )

        self.show_saving(True)
        self._saving = tasks.run_in_background(
            lambda _ctx: work(), self._save_done, self._save_failed
        )

    def _save_done(self, saved: EvidenceInfo) -> None:
        self._saving = None
        self.show_saving(False)
        self.saved = saved
        super().accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = None
        self.show_saving(False)
        if not isinstance(exc, UserError):
            raise exc  # the window's excepthook shows "Något gick fel" in Swedish
        # Nothing was saved; everything typed stays in the dialog.
        self.error_label.show_error(exc.full_text())
        self.save_button.setFocus()

    def confirm_unlinked(self) -> bool:
        """Evidence that shows no criterion counts for nothing: ask before saving it."""
        answer = QMessageBox.question(
            self,
            "Inget kriterium",
            UNLINKED_QUESTION,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        """Escape, Avbryt and the close button all come here: ask before losing work.
        While a save runs the dialog stays open (it closes itself when the save is done)."""
        if self.saving:
            self.busy_label.setText(SAVING_CLOSE_NOTE)
            return
        if may_discard(self, self.has_changes):
            super().reject()

    def finish_thumbnails(self) -> None:
        self.attachments.finish_thumbnails()
