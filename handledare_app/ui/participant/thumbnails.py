"""Thumbnails of photos, made off the GUI thread and cached, so twenty photos open fast.

Originals stay untouched (in the blob store or where the user picked them); large
photos are only scaled for display. `QImage` (unlike `QPixmap`) may be made in a
worker thread; the GUI thread turns it into an icon.
"""

from __future__ import annotations

import atexit
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader

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


def read_thumbnail(path: Path, edge: int = THUMB_SIZE) -> QImage:
    """Decode at reduced size where the format allows (JPEG); a null image if unreadable."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # EXIF orientation of phone photos
    size = reader.size()
    if size.isValid() and (size.width() > edge or size.height() > edge):
        reader.setScaledSize(size.scaled(edge, edge, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
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
_executor: ThreadPoolExecutor | None = None
POLL_MS = 25


def _pool() -> ThreadPoolExecutor:
    """One small pool for every dialog: a closed dialog's jobs finish into the cache."""
    global _executor
    if _executor is None:
        # Two workers leave cores for the GUI and the database.
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="thumbnails")
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(shutdown)
    return _executor


def shutdown() -> None:
    """Drop queued jobs, wait for running ones and empty the cache. Runs before the
    interpreter exits: QImages left in a module global crashed PySide6 6.12 while
    Python tore the module down."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True, cancel_futures=True)
        _executor = None
    _cache.clear()


atexit.register(shutdown)


class ThumbnailLoader(QObject):
    """`request(id, path)` → later `loaded(id, image)` on the GUI thread (null if unreadable).

    Workers are plain Python threads that only decode; results reach the GUI thread by
    polling their futures from a timer, so no Qt signal crosses threads."""

    loaded = Signal(int, QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[int, tuple[CacheKey, Future[QImage]]] = {}  # request id → job
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._collect)

    def request(self, request_id: int, path: Path) -> QImage | None:
        """A cached thumbnail at once, or None and a `loaded` signal later."""
        key = cache_key(path)
        if key is None:
            return QImage()
        cached = _cache.get(key)
        if cached is not None:
            return cached
        self._jobs[request_id] = (key, _pool().submit(read_thumbnail, path))
        self._timer.start()
        return None

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def wait(self) -> None:
        """Block until every requested thumbnail is made, then deliver them (screenshots,
        tests, benchmarks)."""
        futures_wait([future for _key, future in self._jobs.values()])
        self._collect()

    def _collect(self) -> None:
        done = [rid for rid, (_key, future) in self._jobs.items() if future.done()]
        for request_id in done:
            key, future = self._jobs.pop(request_id)
            try:
                image = future.result()
            except Exception:  # cancelled at shutdown, or a decoder failure: no thumbnail
                image = QImage()
            if not image.isNull():
                _cache.put(key, image)
            self.loaded.emit(request_id, image)
        if not self._jobs:
            self._timer.stop()
