"""The photos and files of one evidence item as thumbnails: saved ones and ones to add.

Nothing here writes anything; the dialog hands `new_paths()` and `removed_ids()` to the
evidence service when the user saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QWidget,
)

from ...domain.enums import AttachmentKind
from ...domain.records import AttachmentInfo
from .thumbnails import THUMB_SIZE, ThumbnailLoader

ENTRY_ROLE = Qt.ItemDataRole.UserRole


def format_size(size: int) -> str:
    """Swedish decimal comma: 1,2 MB; 340 kB; 12 byte."""
    if size < 1000:
        return f"{size} byte"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


ZERO_WIDTH_SPACE = "\u200b"


def wrappable(name: str) -> str:
    """The file name as shown under its thumbnail: may break after _ - . so a long name
    without spaces wraps onto the three lines under the thumbnail instead of being cut
    after a few letters. (Tooltip and screen-reader text keep the name as it is.)"""
    for ch in "_-.":
        name = name.replace(ch, ch + ZERO_WIDTH_SPACE)
    return name


def _square_icon(image: QImage) -> QIcon:
    """Centred on a square canvas, so every thumbnail's caption starts at the same height."""
    canvas = QPixmap(THUMB_SIZE, THUMB_SIZE)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.drawImage((THUMB_SIZE - image.width()) // 2, (THUMB_SIZE - image.height()) // 2, image)
    painter.end()
    return QIcon(canvas)


@dataclass(frozen=True)
class Entry:
    """One thumbnail: either a saved attachment or a file chosen to be added."""

    name: str
    size: int
    is_photo: bool
    saved: AttachmentInfo | None = None
    path: Path | None = None  # a file chosen to be added
    source: Path | None = None  # where the original can be read (blob store or path)


class AttachmentListWidget(QListWidget):
    """Thumbnails in a wrapping row. Delete removes the selected entry."""

    changed = Signal()
    preview_requested = Signal(object, str)  # (path of the original, file name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setWordWrap(True)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        line = self.fontMetrics().height()
        # Three lines of name under each thumbnail, plus the gap between them.
        self.setGridSize(QSize(THUMB_SIZE + line * 2, THUMB_SIZE + line * 3 + line // 2))
        # Always room for one whole row: thumbnails and their names, never cut off at the
        # bottom, however small the dialog (1366×768) or large the font (150 %).
        self.setMinimumHeight(self.gridSize().height() + 2 * self.frameWidth() + line // 2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Drops go to the dialog, which checks the files first.
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.setAcceptDrops(False)
        self.setAccessibleName("Bilder och filer")
        self.loader = ThumbnailLoader(self)
        self.loader.loaded.connect(self._on_thumbnail)
        self._removed: list[str] = []
        self.read_only = False
        self._items: dict[int, QListWidgetItem] = {}
        self._next_request = 0
        placeholder = QPixmap(THUMB_SIZE, THUMB_SIZE)
        placeholder.fill(QColor("#e6e6e6"))
        self._placeholder = QIcon(placeholder)
        self._file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.itemActivated.connect(self._activated)

    # --- contents ------------------------------------------------------------------

    def add_saved(self, attachment: AttachmentInfo, blob_path: Path) -> None:
        entry = Entry(
            attachment.filename,
            attachment.size,
            attachment.kind is AttachmentKind.PHOTO,
            saved=attachment,
            source=blob_path,
        )
        self._add(entry)

    def add_new(self, path: Path, is_photo: bool) -> bool:
        """False if this file is already in the list."""
        if path in self.new_paths():
            return False
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        self._add(Entry(path.name, size, is_photo, path=path, source=path))
        self.changed.emit()
        return True

    def _add(self, entry: Entry) -> None:
        item = QListWidgetItem(wrappable(entry.name), self)
        item.setData(ENTRY_ROLE, entry)
        state = "sparad" if entry.saved else "läggs till när du sparar"
        item.setToolTip(f"{entry.name}\n{format_size(entry.size)}, {state}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.name}, {state}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if not entry.is_photo:
            item.setIcon(self._file_icon)
            return
        self._next_request += 1
        request_id = self._next_request
        self._items[request_id] = item
        assert entry.source is not None
        cached = self.loader.request(request_id, entry.source)
        if cached is None:
            item.setIcon(self._placeholder)
        else:
            self._set_thumbnail(request_id, cached)

    def _on_thumbnail(self, request_id: int, image: QImage) -> None:
        self._set_thumbnail(request_id, image)

    def _set_thumbnail(self, request_id: int, image: QImage) -> None:
        item = self._items.pop(request_id, None)
        if item is None or self.row(item) < 0:
            return
        item.setIcon(self._file_icon if image.isNull() else _square_icon(image))

    def _activated(self, item: QListWidgetItem) -> None:
        """Double-click or Enter on a photo: show it larger."""
        entry: Entry = item.data(ENTRY_ROLE)
        if entry.is_photo and entry.source is not None:
            self.preview_requested.emit(entry.source, entry.name)

    def entries(self) -> list[Entry]:
        return [self.item(i).data(ENTRY_ROLE) for i in range(self.count())]

    def new_paths(self) -> list[Path]:
        return [e.path for e in self.entries() if e.path is not None]

    def removed_ids(self) -> list[str]:
        return list(self._removed)

    def remove_selected(self) -> None:
        item = self.currentItem()
        if item is None or self.read_only:
            return
        entry: Entry = item.data(ENTRY_ROLE)
        if entry.saved is not None:
            self._removed.append(entry.saved.id)
        self.takeItem(self.row(item))
        self.changed.emit()

    def thumbnails_pending(self) -> bool:
        return bool(self._items)

    def finish_thumbnails(self) -> None:
        """Wait for the worker and apply its results (screenshots and tests)."""
        from PySide6.QtCore import QCoreApplication

        while self._items:
            self.loader.wait()
            QCoreApplication.processEvents()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.remove_selected()
            return
        super().keyPressEvent(event)
