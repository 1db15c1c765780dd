"""Adding and editing one piece of evidence (bevis): what, when, photos and files, which
criteria it shows, and the five quality checks.

Nothing is written before *Spara*; then one service call saves everything or nothing.
It runs on the task runner (hashing, copying and fsyncing a large film takes seconds):
meanwhile the fields are disabled, "Sparar bevis …" shows, the window keeps handling input,
and closing is refused with a note until the save has ended (issue 14).
Closing with unsaved changes (Escape, Avbryt, the window's close button) asks first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import AttachmentKind, EvidenceQuality, EvidenceType
from ...domain.errors import UserError
from ...domain.records import EnrollmentProgress, EvidenceInfo, SupervisorInfo
from .. import tasks
from ..widgets import ErrorLabel, save_cancel_buttons, text_label
from .attachment_list import AttachmentListWidget
from .criteria_picker import CriteriaPickerWidget
from .photo_preview import PhotoPreviewDialog

if TYPE_CHECKING:
    from ...services.app import App

# One line each: what the supervisor asks themself before ticking the box.
QUALITY_HELP: dict[EvidenceQuality, str] = {
    EvidenceQuality.VALID: "Beviset visar just det som kriterierna beskriver.",
    EvidenceQuality.AUTHENTIC: "Det är deltagarens eget arbete.",
    EvidenceQuality.RELIABLE: "En annan bedömare skulle se samma sak.",
    EvidenceQuality.CURRENT: "Det är nytt nog för att kunnandet ska finnas kvar.",
    EvidenceQuality.SUFFICIENT: "Det räcker för att visa kriterierna, gärna flera gånger.",
}
TITLE_MAX = 200
FILE_FILTER = (
    "Bilder och filer (*.jpg *.jpeg *.png *.gif *.webp *.heic *.heif *.bmp *.tif *.tiff "
    "*.pdf *.doc *.docx *.odt *.txt *.rtf *.xls *.xlsx *.ods *.mp4 *.mov *.m4a *.mp3 *.wav);;"
    "Alla filer (*)"
)
DISCARD_QUESTION = "Stänga utan att spara? Det du har skrivit eller ändrat sparas inte."
UNLINKED_QUESTION = (
    "Beviset är inte kopplat till något kriterium, så det visar ännu inget i bedömningen. "
    "Spara ändå? (Välj Nej för att kryssa i kriterierna under Kriterier som beviset visar.)"
)
SAVING_TEXT = "Sparar bevis …"
SAVING_CLOSE_NOTE = (
    "Sparar bevis … Vänta tills det är klart; fönstret stängs av sig självt när beviset är sparat."
)
NO_CONSENT_HINT = (
    "Deltagaren har inte gett samtycke till foto, film eller ljud. Bilder kan inte bifogas "
    "förrän samtycket är registrerat (knappen Ändra uppgifter på deltagarsidan)."
)


def _to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


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

        # --- what and when ----------------------------------------------------------
        self.type_combo = QComboBox(self)
        self.type_combo.setAccessibleName("Typ av bevis")
        for t in EvidenceType:
            self.type_combo.addItem(t.label, t.value)
        self.date_edit = QDateEdit(self)
        self.date_edit.setAccessibleName("Datum")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(_to_qdate(dt.date.today()))
        inner_edit = self.date_edit.findChild(QLineEdit)
        if inner_edit is not None:
            inner_edit.setAccessibleName("Datum")
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Rubrik")
        self.title_edit.setMaxLength(TITLE_MAX)
        self.title_edit.setPlaceholderText("Till exempel: Prismärkte och sorterade en kasse")
        self.title_error = ErrorLabel(self)
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName("Beskrivning")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText("Vad gjorde deltagaren, hur, och vad visar det?")
        self.description_edit.setMinimumHeight(self.fontMetrics().height() * 4)
        self.witness_name_edit = QLineEdit(self)
        self.witness_name_edit.setAccessibleName("Vittnets namn")
        self.witness_role_edit = QLineEdit(self)
        self.witness_role_edit.setAccessibleName("Vittnets roll")
        self.witness_role_edit.setPlaceholderText("Till exempel: butikschef, kollega")
        self.witness_error = ErrorLabel(self)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow(self._label("Ty&p:", self.type_combo), self.type_combo)
        self.form.addRow(self._label("&Datum:", self.date_edit), self.date_edit)
        self.form.addRow(self._label("&Rubrik:", self.title_edit), self.title_edit)
        self.form.addRow("", self.title_error)
        self.form.addRow(self._label("&Beskrivning:", self.description_edit), self.description_edit)
        self.form.addRow(
            self._label("&Vittnets namn:", self.witness_name_edit), self.witness_name_edit
        )
        self.form.addRow(
            self._label("Vittnets r&oll:", self.witness_role_edit), self.witness_role_edit
        )
        self.form.addRow("", self.witness_error)

        # --- quality ----------------------------------------------------------------
        self.quality_boxes: dict[EvidenceQuality, QCheckBox] = {}
        quality_group = QGroupBox("Bevisets kvalitet", self)
        grid = QGridLayout(quality_group)
        for row, q in enumerate(EvidenceQuality):
            box = QCheckBox(q.label, quality_group)
            box.setAccessibleName(q.label)
            box.setAccessibleDescription(QUALITY_HELP[q])
            box.setToolTip(QUALITY_HELP[q])
            box.toggled.connect(self._clear_general_error)
            help_label = text_label(QUALITY_HELP[q], quality_group)
            help_label.setBuddy(box)
            grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(help_label, row, 1)
            self.quality_boxes[q] = box
        grid.setColumnStretch(1, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(self.form)
        left_layout.addWidget(quality_group)
        left_layout.addStretch(1)
        left_scroll = QScrollArea(self)
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # --- photos and files -------------------------------------------------------
        files_group = QGroupBox("Bilder och filer", self)
        self.attachments = AttachmentListWidget(files_group)
        self.add_files_button = QPushButton("&Lägg till bilder och filer …", files_group)
        self.add_files_button.setAccessibleName("Lägg till bilder och filer")
        self.add_files_button.clicked.connect(self.choose_files)
        self.remove_file_button = QPushButton("&Ta bort vald", files_group)
        self.remove_file_button.setAccessibleName("Ta bort vald bild eller fil")
        self.remove_file_button.clicked.connect(self.attachments.remove_selected)
        self.files_hint = text_label(
            "Du kan också dra filer hit. Dubbelklicka på ett foto för att se det större.",
            files_group,
        )
        self.consent_hint = text_label(NO_CONSENT_HINT, files_group)
        self.consent_hint.setVisible(not self.photo_consent)
        self.files_error = ErrorLabel(files_group)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch(1)
        files_layout = QVBoxLayout(files_group)
        files_layout.addLayout(file_buttons)
        files_layout.addWidget(self.files_hint)
        files_layout.addWidget(self.consent_hint)
        files_layout.addWidget(self.files_error)
        files_layout.addWidget(self.attachments, 1)

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
            self.type_combo.setCurrentIndex(list(EvidenceType).index(evidence_type))
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.title_edit.textEdited.connect(lambda _t: self.title_error.clear_error())
        self.witness_name_edit.textEdited.connect(lambda _t: self.witness_error.clear_error())
        self.attachments.changed.connect(self._clear_general_error)
        self.attachments.preview_requested.connect(self.preview_photo)
        self._type_changed()
        if read_only:
            self._make_read_only()
        self._initial = self._state()
        self._size_to_screen()
        self.title_edit.setFocus()

    def _make_read_only(self) -> None:
        """For a quality assurer: everything visible, nothing changeable."""
        self.read_only = True
        self.setWindowTitle(self.windowTitle().replace("Ändra bevis", "Bevis"))
        self.setAcceptDrops(False)
        for edit in (self.title_edit, self.witness_name_edit, self.witness_role_edit):
            edit.setReadOnly(True)
        self.description_edit.setReadOnly(True)
        for w in (self.type_combo, self.date_edit, self.add_files_button, self.remove_file_button):
            w.setEnabled(False)
        for box in self.quality_boxes.values():
            box.setEnabled(False)
        self.attachments.read_only = True
        self.criteria.set_read_only()
        self.files_hint.setVisible(False)
        self.save_button.setVisible(False)
        self.cancel_button.setText("&Stäng")
        self.cancel_button.setAccessibleName("Stäng")

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _size_to_screen(self) -> None:
        em = self.fontMetrics().averageCharWidth()
        line = self.fontMetrics().height()
        width, height = em * 150, line * 40
        screen = self.screen()
        if screen is not None:
            avail = screen.availableGeometry()
            width = min(width, avail.width() - 40)
            height = min(height, avail.height() - 60)
        self.resize(width, height)

    # --- state --------------------------------------------------------------------

    def _load(self, evidence: EvidenceInfo | None) -> None:
        if evidence is None:
            self.date_edit.setDate(_to_qdate(dt.date.today()))
            return
        self.type_combo.setCurrentIndex(list(EvidenceType).index(evidence.type))
        # A date after today (another computer's clock) must not be clamped silently.
        if evidence.date > dt.date.today():
            self.date_edit.setMaximumDate(_to_qdate(evidence.date))
        self.date_edit.setDate(_to_qdate(evidence.date))
        self.title_edit.setText(evidence.title)
        self.description_edit.setPlainText(evidence.description)
        self.witness_name_edit.setText(evidence.witness_name)
        self.witness_role_edit.setText(evidence.witness_role)
        for q, box in self.quality_boxes.items():
            box.setChecked(q in evidence.quality)
        for att in evidence.attachments:
            self.attachments.add_saved(att, self.app.evidence.attachment_path(att.sha256))

    def evidence_type(self) -> EvidenceType:
        return EvidenceType(self.type_combo.currentData())

    def _state(self) -> tuple[object, ...]:
        return (
            self.evidence_type(),
            self.date_edit.date(),
            self.title_edit.text().strip(),
            self.description_edit.toPlainText().strip(),
            self.witness_name_edit.text().strip(),
            self.witness_role_edit.text().strip(),
            frozenset(q for q, box in self.quality_boxes.items() if box.isChecked()),
            self.criteria.selected_ids(),
            tuple(self.attachments.new_paths()),
            tuple(self.attachments.removed_ids()),
        )

    def has_changes(self) -> bool:
        return self._state() != self._initial

    def _type_changed(self) -> None:
        needs = self.evidence_type().needs_witness
        for w in (self.witness_name_edit, self.witness_role_edit):
            self.form.setRowVisible(w, needs)
        self.form.setRowVisible(self.witness_error, needs and bool(self.witness_error.text()))
        self._clear_general_error()

    def _clear_general_error(self) -> None:
        self.error_label.clear_error()

    # --- files --------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Lägg till bilder och filer", "", FILE_FILTER
        )
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
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.saving:
            event.ignore()
            return
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    # --- saving and closing -------------------------------------------------------

    def _check_fields(self) -> QWidget | None:
        """Inline errors next to the fields; returns the first field to fix."""
        first: QWidget | None = None
        title = self.title_edit.text().strip()
        if not title:
            self.title_error.show_error("Ge beviset en kort rubrik.")
            first = self.title_edit
        needs_witness = self.evidence_type().needs_witness
        if needs_witness and not self.witness_name_edit.text().strip():
            self.witness_error.show_error("Ett vittnesutlåtande behöver vittnets namn.")
            self.form.setRowVisible(self.witness_error, True)
            first = first or self.witness_name_edit
        return first

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
        field = self._check_fields()
        if field is not None:
            self.error_label.show_error("Rätta det som är markerat i rött och spara igen.")
            field.setFocus()
            return
        needs_witness = self.evidence_type().needs_witness
        values = {
            "type": self.evidence_type(),
            "date": _from_qdate(self.date_edit.date()),
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "witness_name": self.witness_name_edit.text() if needs_witness else "",
            "witness_role": self.witness_role_edit.text() if needs_witness else "",
            "quality": [q for q, box in self.quality_boxes.items() if box.isChecked()],
            "criterion_ids": self.criteria.selected_ids(),
        }
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
        if self.has_changes():
            answer = QMessageBox.question(
                self,
                "Osparade ändringar",
                DISCARD_QUESTION,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def finish_thumbnails(self) -> None:
        self.attachments.finish_thumbnails()
