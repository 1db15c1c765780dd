"""Photos in the portfolio PDF stand upright by their EXIF orientation and are scaled to
print size; a file named .jpg that is no picture is refused (issue 13)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import EvidenceType
from handledare_app.domain.errors import UserError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.pdf_photos import print_ready

RED, BLUE = (220, 20, 20), (20, 20, 220)


def _sideways_jpeg(path: Path, w: int = 1200, h: int = 800) -> None:
    """Stored landscape, red left half and blue right half, EXIF orientation 6: a
    viewer turns it 90° clockwise, so upright it is portrait, red on top."""
    img = PILImage.new("RGB", (w, h), BLUE)
    img.paste(RED, (0, 0, w // 2, h))
    exif = PILImage.Exif()
    exif[0x0112] = 6
    img.save(path, "JPEG", exif=exif.tobytes(), quality=90)


def _render(pdf: bytes, qtbot: QtBot) -> QImage:
    doc = QPdfDocument()
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    assert doc.pageCount() >= 1
    size = doc.pagePointSize(0).toSize()
    return doc.render(0, QSize(size.width(), size.height()))


def _box(img: QImage, colour: tuple[int, int, int]) -> tuple[int, int, int, int]:
    xs, ys = [], []
    for y in range(0, img.height(), 3):
        for x in range(0, img.width(), 3):
            c = img.pixelColor(x, y)
            if all(
                abs(a - b) < 60 for a, b in zip((c.red(), c.green(), c.blue()), colour, strict=True)
            ):
                xs.append(x)
                ys.append(y)
    assert xs, f"no {colour} pixels on the page"
    return min(xs), min(ys), max(xs), max(ys)


def test_portrait_photo_with_exif_orientation_6_prints_upright(
    qtbot: QtBot, app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    eid = app.journey.enroll(admin_id, participant.id, "BUT-01")
    criterion = app.assessment.enrollment(eid).module.criteria[0]
    photo = tmp_path / "telefon.jpg"
    _sideways_jpeg(photo)
    app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title="Hyllan",
        criterion_ids=[criterion.id],
        files=[photo],
    )
    page = _render(app.documents.portfolio(participant.id), qtbot)
    rx0, ry0, rx1, ry1 = _box(page, RED)
    bx0, by0, bx1, by1 = _box(page, BLUE)
    assert ry1 <= by0 + 4, "red (the stored left half) is on top"
    width, height = max(rx1, bx1) - min(rx0, bx0), by1 - ry0
    assert height > width * 1.3, "portrait, as the phone showed it"


def test_big_photo_is_scaled_down_to_print_size(tmp_path: Path) -> None:
    photo = tmp_path / "stor.jpg"
    _sideways_jpeg(photo, 4000, 3000)
    ready = print_ready(photo, 200.0, 160.0)
    assert ready is not None
    data, w, h = ready
    assert (round(w), round(h)) == (120, 160)  # upright 3000 × 4000, fitted to 160 pt high
    with PILImage.open(io.BytesIO(data.getvalue())) as img:
        assert img.size[1] <= 160 / 72 * 200 + 1  # no more pixels than 200 dpi need
        assert img.size[0] < img.size[1]


def test_a_text_file_named_jpg_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    fake = tmp_path / "kvitto.jpg"
    fake.write_text("Kvitto: 3 tröjor, 150 kr", encoding="utf-8")
    with pytest.raises(UserError, match=r"kvitto\.jpg har en bildfils namn men går inte att öppna"):
        app.evidence.check_file(participant.id, fake, EvidenceType.PHOTO)
    assert print_ready(fake, 100.0, 100.0) is None


def test_participant_view_thumbnail_stands_upright(tmp_path: Path, qtbot: QtBot) -> None:
    """The Deltagarvy's photos follow EXIF orientation like the portfolio's."""
    from handledare_app.ui.participant_view_body import thumbnail

    path = tmp_path / "liggande.jpg"
    _sideways_jpeg(path)
    pixmap = thumbnail(str(path))
    assert pixmap is not None
    image = pixmap.toImage()
    assert image.height() > image.width()  # portrait, as the viewer shows it
    top = image.pixelColor(image.width() // 2, image.height() // 8)
    assert top.red() > 150 and top.blue() < 100  # red on top


def test_a_large_sideways_photo_fits_the_preview(tmp_path: Path, qtbot: QtBot) -> None:
    """A phone's portrait photo is stored landscape with EXIF orientation 6: fitted to
    the screen it must be fitted upright (it came out taller than the screen before)."""
    from handledare_app.ui.participant.photo_preview import PhotoPreviewDialog

    path = tmp_path / "stående.jpg"
    _sideways_jpeg(path, 4000, 3000)
    dialog = PhotoPreviewDialog(path, "stående.jpg")
    qtbot.addWidget(dialog)
    screen = dialog.screen().availableGeometry().size()
    pixmap = dialog.image_label.pixmap()
    assert pixmap.height() > pixmap.width()  # upright
    assert pixmap.height() <= int(screen.height() * 0.8)
    assert pixmap.width() <= int(screen.width() * 0.85)
    assert pixmap.height() >= int(screen.height() * 0.8) - 1  # as large as the box allows
