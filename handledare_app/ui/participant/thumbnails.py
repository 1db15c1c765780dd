"""Thumbnails of photos, made off the GUI thread and cached, so twenty photos open fast.

Originals stay untouched (in the blob store or where the user picked them); large
photos are only scaled for display. `QImage` (unlike `QPixmap`) may be made in a
worker thread; the GUI thread turns it into an icon.
"""

from __future__ import annotations

import atexit
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from .. import tasks

THUMB_SIZE = 128
_CACHE_LIMIT = 400  # about 25 MB of 128×128 RGB32 images

CacheKey = tuple[str, int, int]


def cache_key(path: Path) -> CacheKey | None:
    """Path, size and modification time: a changed file gets a new thumbnail."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns)


def upright_reader(path: Path, box: QSize) -> QImageReader:
    """A reader that turns a photo upright by its EXIF orientation and, when the upright
    photo is larger than `box`, decodes it scaled to fit (a 12-megapixel photo never lands
    in memory whole). The scaled size is set on the stored orientation, so a photo
    stored sideways is fitted with its sides swapped."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # EXIF orientation of phone photos
    stored = reader.size()
    if not stored.isValid():
        return reader
    sideways = bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    upright = stored.transposed() if sideways else stored
    if upright.width() > box.width() or upright.height() > box.height():
        fitted = upright.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(fitted.transposed() if sideways else fitted)
    return reader


def read_thumbnail(path: Path, edge: int = THUMB_SIZE) -> QImage:
    """Decode at reduced size where the format allows (JPEG); a null image if unreadable."""
    image = upright_reader(path, QSize(edge, edge)).read()
    if image.isNull():
        return image
    if image.width() > edge or image.height() > edge:
        image = image.scaled(
            QSize(edge, edge),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


class _Cache:
    def __init__(self) -> None:
        self._images: OrderedDict[CacheKey, QImage] = OrderedDict()

    def get(self, key: CacheKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def clear(self) -> None:
        self._images.clear()

    def put(self, key: CacheKey, image: QImage) -> None:
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > _CACHE_LIMIT:
            self._images.popitem(last=False)


_cache = _Cache()


def shutdown() -> None:
    """Drop queued jobs, wait for running ones and empty the cache. Runs before the
    interpreter exits: QImages left in a module global crashed PySide6 6.12 while
    Python tore the module down."""
    tasks.shutdown("thumbnails")
    _cache.clear()


atexit.register(shutdown)


class ThumbnailLoader(QObject):
    """`request(id, path)` → later `loaded(id, image)` on the GUI thread (null if unreadable).

    Decoding runs on the task runner's `thumbnails` lane (two workers leave cores for the
    GUI and the database); the runner hands results to the GUI thread."""

    loaded = Signal(int, QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[int, tasks.Task] = {}  # request id → job

    def request(self, request_id: int, path: Path) -> QImage | None:
        """A cached thumbnail at once, or None and a `loaded` signal later."""
        key = cache_key(path)
        if key is None:
            return QImage()
        cached = _cache.get(key)
        if cached is not None:
            return cached

        def done(image: QImage, request_id: int = request_id, key: CacheKey = key) -> None:
            self._jobs.pop(request_id, None)
            if not image.isNull():
                _cache.put(key, image)
            self.loaded.emit(request_id, image)

        def failed(_exc: BaseException, request_id: int = request_id) -> None:
            self._jobs.pop(request_id, None)  # a decoder failure: no thumbnail
            self.loaded.emit(request_id, QImage())

        self._jobs[request_id] = tasks.run_in_background(
            lambda _ctx: read_thumbnail(path), done, failed, lane="thumbnails"
        )
        return None

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def wait(self) -> None:
        """Block until every requested thumbnail is made, then deliver them (screenshots,
        tests, benchmarks)."""
        for task in list(self._jobs.values()):
            task.wait()
        tasks.wait_for_all()
