"""Thumbnails: scaled for display only, made in a worker, cached."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from handledare_app.services.demo_images import demo_photo
from handledare_app.ui.participant import thumbnails
from handledare_app.ui.participant.attachment_list import format_size


def test_large_photo_is_scaled_and_the_original_untouched(tmp_path: Path) -> None:
    path = tmp_path / "stor.png"
    data = demo_photo(1, 900, 600)
    path.write_bytes(data)
    image = thumbnails.read_thumbnail(path)
    assert (image.width(), image.height()) == (thumbnails.THUMB_SIZE, 85)
    assert path.read_bytes() == data


def test_unreadable_image_gives_a_null_thumbnail(tmp_path: Path) -> None:
    path = tmp_path / "trasig.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    assert thumbnails.read_thumbnail(path).isNull()


def test_loader_works_in_the_background_then_serves_from_the_cache(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "foto.png"
    path.write_bytes(demo_photo(2, 300, 200))
    loader = thumbnails.ThumbnailLoader()
    with qtbot.waitSignal(loader.loaded) as signal:
        assert loader.request(1, path) is None
    request_id, image = signal.args
    assert request_id == 1
    assert isinstance(image, QImage) and image.width() == thumbnails.THUMB_SIZE
    cached = loader.request(2, path)
    assert cached is not None and cached.width() == thumbnails.THUMB_SIZE
    assert loader.pending == 0
    # A changed file is read again.
    path.write_bytes(demo_photo(3, 60, 40))  # another size: another key
    assert loader.request(3, path) is None
    loader.wait()


def test_sizes_are_written_the_swedish_way() -> None:
    assert format_size(512) == "512 byte"
    assert format_size(34_000) == "34 kB"
    assert format_size(1_250_000) == "1,2 MB"
