"""The "Bilder och filer" group of the evidence dialog: the attachment list, the buttons to
add and remove files, the hints, and the files' inline error.

Checking a file needs the service and the chosen evidence type, so the dialog does that
and hands the good files to `attachments`; this group only shows them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..widgets import ErrorLabel, text_label
from .attachment_list import AttachmentListWidget

FILE_FILTER = (
    "Bilder och filer (*.jpg *.jpeg *.png *.gif *.webp *.heic *.heif *.bmp *.tif *.tiff "
    "*.pdf *.doc *.docx *.odt *.txt *.rtf *.xls *.xlsx *.ods *.mp4 *.mov *.m4a *.mp3 *.wav);;"
    "Alla filer (*)"
)
NO_CONSENT_HINT = (
    "Deltagaren har inte gett samtycke till foto, film eller ljud. Bilder kan inte bifogas "
    "förrän samtycket är registrerat (knappen Ändra uppgifter på deltagarsidan)."
)


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files among what is dragged or dropped (links to web pages are not files)."""
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


class EvidenceFilesBox(QGroupBox):
    """Tab order: the list, then Lägg till, then Ta bort vald."""

    def __init__(self, photo_consent: bool, parent: QWidget | None = None) -> None:
        super().__init__("Bilder och filer", parent)
        self.attachments = AttachmentListWidget(self)
        self.add_files_button = QPushButton("&Lägg till bilder och filer …", self)
        self.add_files_button.setAccessibleName("Lägg till bilder och filer")
        self.remove_file_button = QPushButton("&Ta bort vald", self)
        self.remove_file_button.setAccessibleName("Ta bort vald bild eller fil")
        self.remove_file_button.clicked.connect(self.attachments.remove_selected)
        self.files_hint = text_label(
            "Du kan också dra filer hit. Dubbelklicka på ett foto för att se det större.",
            self,
        )
        self.consent_hint = text_label(NO_CONSENT_HINT, self)
        self.consent_hint.setVisible(not photo_consent)
        self.files_error = ErrorLabel(self)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch(1)
        files_layout = QVBoxLayout(self)
        files_layout.addLayout(file_buttons)
        files_layout.addWidget(self.files_hint)
        files_layout.addWidget(self.consent_hint)
        files_layout.addWidget(self.files_error)
        files_layout.addWidget(self.attachments, 1)

    def set_read_only(self) -> None:
        for w in (self.add_files_button, self.remove_file_button):
            w.setEnabled(False)
        self.attachments.read_only = True
        self.files_hint.setVisible(False)
