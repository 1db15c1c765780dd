"""Thumbnails of photos, made off the GUI thread and cached, so twenty photos open fast.

Originals stay untouched (in the blob store or where the user picked them); large
photos are only scaled for display. `QImage` (unlike `QPixmap`) may be made in a
worker thread; the GUI thread turns it into an icon.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
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

    def put(self, key: CacheKey, image: QImage) -> None:
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > _CACHE_LIMIT:
            self._images.popitem(last=False)


_cache = _Cache()
_pool: QThreadPool | None = None


def _thread_pool() -> QThreadPool:
    """One small pool for every dialog: a closed dialog's jobs finish into the cache."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)  # leave cores for the GUI and the database
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(shutdown)
    return _pool


def shutdown() -> None:
    """Finish running jobs, drop queued ones and the pool (before the interpreter exits)."""
    global _pool
    if _pool is not None:
        _pool.clear()
        _pool.waitForDone()
        _pool = None


class _Signals(QObject):
    # Plain types across threads: (job number, image). Python objects in queued
    # signals are avoided; the GUI thread keeps what belongs to each job number.
    done = Signal(int, QImage)


class _Job(QRunnable):
    def __init__(self, job: int, path: Path, signals: _Signals) -> None:
        super().__init__()
        self.job = job
        self.path = str(path)
        self.signals = signals

    def run(self) -> None:
        self.signals.done.emit(self.job, read_thumbnail(Path(self.path)))


class ThumbnailLoader(QObject):
    """`request(id, path)` → later `loaded(id, image)` on the GUI thread (null if unreadable)."""

    loaded = Signal(int, QImage)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # No parent: a running job may still emit after this loader is gone.
        self._signals = _Signals()
        self._signals.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._jobs: dict[int, tuple[int, CacheKey]] = {}  # job → (request id, cache key)
        self._next_job = 0

    def request(self, request_id: int, path: Path) -> QImage | None:
        """A cached thumbnail at once, or None and a `loaded` signal later."""
        key = cache_key(path)
        if key is None:
            return QImage()
        cached = _cache.get(key)
        if cached is not None:
            return cached
        self._next_job += 1
        self._jobs[self._next_job] = (request_id, key)
        _thread_pool().start(_Job(self._next_job, path, self._signals))
        return None

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def wait(self) -> None:
        """Block until every job has run (shutting down, screenshots, tests)."""
        _thread_pool().waitForDone()

    def _on_done(self, job: int, image: QImage) -> None:
        found = self._jobs.pop(job, None)
        if found is None:
            return
        request_id, key = found
        if not image.isNull():
            _cache.put(key, image)
        self.loaded.emit(request_id, image)
