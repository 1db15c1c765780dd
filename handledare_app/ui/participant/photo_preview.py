"""A photo at screen size, for looking closer (double-click a thumbnail). Read-only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from .thumbnails import upright_reader


class PhotoPreviewDialog(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        screen = self.screen()
        avail = screen.availableGeometry().size() if screen is not None else QSize(1280, 720)
        box = QSize(int(avail.width() * 0.85), int(avail.height() * 0.8))
        image = upright_reader(path, box).read()
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if image.isNull():
            self.image_label.setText("Bilden kunde inte visas. Filen kan vara skadad.")
            self.image_label.setAccessibleName("Bilden kunde inte visas")
        else:
            self.image_label.setPixmap(QPixmap.fromImage(image))
            self.image_label.setAccessibleName(f"Foto: {title}")
        close = QPushButton("&Stäng", self)
        close.setAccessibleName("Stäng")
        buttons = QDialogButtonBox(self)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image_label, 1)
        layout.addWidget(buttons)
