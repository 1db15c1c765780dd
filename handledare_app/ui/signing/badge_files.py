"""*Spara digitalt intyg*: the badge image (QPainter) and saving a certificate's credentials.

The services sign and bake (services/openbadges.py, services/badge_png.py); this module
only draws the picture the credential is baked into: a round badge with the module title,
the workplace and "Validerad modul", no personal data.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...services.app import App
from ..busy import run_busy
from ..start_folders import documents_folder
from ..tasks import Task

SIZE = 512
RING = QColor("#1f5f8b")
FILL = QColor("#f4f8fb")
_KEEP: list[object] = []


def _ensure_gui() -> None:
    """Fonts need a Qt application; the command line has none (it draws offscreen). A full
    QApplication, not a QGuiApplication: widgets made later in the same process need it."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ..qt_app import create_qapplication

        _KEEP.append(create_qapplication())  # a Python reference keeps it alive


def _fitted_font(
    painter: QPainter, text: str, rect: QRectF, start: int, bold: bool = True
) -> QFont:
    """The largest size from `start` down at which `text` fits `rect`, word-wrapped."""
    font = QFont(painter.font())
    font.setBold(bold)
    for size in range(start, 9, -1):
        font.setPixelSize(size)
        painter.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        if rect.contains(painter.boundingRect(rect, flags, text)):
            break
    return font


def render_badge_png(title: str, workplace: str) -> bytes:
    """A 512×512 PNG: ring, "Validerad modul", the module title and the workplace."""
    _ensure_gui()
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(QPen(RING, 22))
        painter.setBrush(FILL)
        painter.drawEllipse(QRectF(16, 16, SIZE - 32, SIZE - 32))
        painter.setPen(RING)
        small = QFont(painter.font())
        small.setPixelSize(28)
        small.setBold(True)
        painter.setFont(small)
        center = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        painter.drawText(QRectF(80, 86, SIZE - 160, 40), center, "VALIDERAD MODUL")
        title_rect = QRectF(76, 140, SIZE - 152, 200)
        painter.setPen(QColor("#102a3c"))
        painter.setFont(_fitted_font(painter, title, title_rect, 46))
        painter.drawText(title_rect, center, title)
        painter.setPen(RING)
        workplace_rect = QRectF(90, 350, SIZE - 180, 56)
        painter.setFont(_fitted_font(painter, workplace, workplace_rect, 22, bold=False))
        painter.drawText(workplace_rect, center, workplace)
        footer = QFont(painter.font())
        footer.setPixelSize(16)
        painter.setFont(footer)
        painter.drawText(QRectF(90, 412, SIZE - 180, 24), center, "Open Badges 3.0 · OCN")
    finally:
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; runtime wants str
    buffer.close()
    return bytes(data.data())


def save_digital_credentials(
    parent: QWidget, app: App, certificate_id: str, folder: Path | None = None
) -> Task | None:
    """Ask for a folder (unless given), then write every module's .jwt and baked .png there
    on the task runner (signing, drawing and syncing the files to disk take a moment):
    `parent` rests meanwhile and says how it went when done. None when no folder was chosen."""
    if folder is None:
        start = documents_folder()
        chosen = QFileDialog.getExistingDirectory(parent, "Spara digitalt intyg i mappen", start)
        if not chosen:
            return None
        folder = Path(chosen)
    out, badges = folder, app.open_badges
    return run_busy(
        [parent],
        parent,
        lambda: badges.write_files(certificate_id, out, render_badge_png),
        lambda written: _saved(parent, out, written),
    )


def _saved(parent: QWidget, folder: Path, written: list[Path]) -> None:
    if not written:
        return
    modules = len(written) // 2
    QMessageBox.information(
        parent,
        "Digitalt intyg sparat",
        f"{modules} {'modul' if modules == 1 else 'moduler'} sparade i {folder}: en "
        ".jwt-fil och en PNG-bild per modul. Ge filerna till deltagaren. Vem som helst "
        "kan kontrollera dem med ett program för Open Badges 3.0, eller här med "
        "Kontrollera intyg.",
    )
