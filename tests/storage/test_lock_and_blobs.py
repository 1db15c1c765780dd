"""The data-folder lock and the content-addressed blob store."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from handledare_app.domain.errors import DataDirError
from handledare_app.storage.blobs import BlobStore
from handledare_app.storage.lock import DataDirLock


def test_second_lock_on_same_folder_fails_in_swedish(tmp_path: Path) -> None:
    first = DataDirLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(DataDirError, match="redan igång"):
            DataDirLock(tmp_path).acquire()
    finally:
        first.release()


def test_lock_can_be_taken_again_after_release(tmp_path: Path) -> None:
    first = DataDirLock(tmp_path)
    first.acquire()
    first.release()
    first.release()  # harmless twice
    again = DataDirLock(tmp_path)
    again.acquire()
    again.release()


def test_blob_is_stored_by_sha256(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    src = tmp_path / "foto.jpg"
    src.write_bytes(b"\xff\xd8\xff" + b"bild" * 100)
    digest, size = store.put_file(src)
    assert digest == hashlib.sha256(src.read_bytes()).hexdigest()
    assert size == src.stat().st_size
    assert store.path_for(digest) == tmp_path / "blobs" / digest[:2] / digest
    assert store.path_for(digest).read_bytes() == src.read_bytes()
    assert store.verify(digest)


def test_same_content_is_stored_once(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    a = tmp_path / "a.bin"
    b = tmp_path / "b.bin"
    a.write_bytes(b"samma")
    b.write_bytes(b"samma")
    assert store.put_file(a) == store.put_file(b)
    files = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert len(files) == 1


def test_verify_detects_a_changed_blob(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    digest = store.put_bytes(b"original")
    store.path_for(digest).write_bytes(b"changed")
    assert not store.verify(digest)
    assert not store.verify("0" * 64)


def test_unreadable_source_leaves_no_temp_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    with pytest.raises(OSError):
        store.put_file(tmp_path / "missing.jpg")
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []
