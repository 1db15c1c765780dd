"""Many photos stored at once (issue 11 item 5): written, made durable, then renamed."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import IO

import pytest

from handledare_app.storage import blobs as blobs_mod
from handledare_app.storage import fsutil
from handledare_app.storage.blobs import BlobStore


def _writer(data: bytes):  # type: ignore[no-untyped-def]
    def copy(dst: IO[bytes]) -> None:
        dst.write(data)

    return copy


def _items(n: int) -> list[tuple[str, bytes]]:
    out = []
    for i in range(n):
        data = f"foto {i}".encode() * 50
        out.append((hashlib.sha256(data).hexdigest(), data))
    return out


@pytest.mark.parametrize("bulk", [True, False])
def test_put_streams_stores_all_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    calls: list[Path] = []
    fsyncs: list[Path] = []

    def fake_sync(folder: Path) -> bool:
        calls.append(folder)
        return bulk

    monkeypatch.setattr(blobs_mod, "sync_filesystem", fake_sync)
    monkeypatch.setattr(blobs_mod, "fsync_file", lambda p: fsyncs.append(p))
    store = BlobStore(tmp_path / "blobs")
    items = _items(blobs_mod.SYNCFS_FROM + 2)
    store.put_streams([(h, _writer(d)) for h, d in items] + [(items[0][0], _writer(b"x"))])
    assert all(store.verify(h) for h, _d in items)
    assert not list((tmp_path / "blobs").rglob(".in-*"))
    if bulk:  # one sync for the data, one for the renames; no fsync per file
        assert len(calls) == 2 and not fsyncs
    else:  # unavailable: every file fsynced before its rename
        assert len(calls) == 1 and len(fsyncs) == len(items)


def test_few_files_are_fsynced_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(blobs_mod, "sync_filesystem", lambda f: calls.append(f) or True)
    store = BlobStore(tmp_path / "blobs")
    items = _items(2)
    store.put_streams((h, _writer(d)) for h, d in items)
    assert not calls and all(store.verify(h) for h, _d in items)


def test_a_failed_copy_leaves_nothing_behind(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    (h1, d1), (h2, _d2) = _items(2)

    def broken(dst: IO[bytes]) -> None:
        dst.write(b"half")
        raise OSError("stick pulled out")

    with pytest.raises(OSError):
        store.put_streams([(h1, _writer(d1)), (h2, broken)])
    assert not store.has(h1) and not store.has(h2)
    assert not [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux only")
def test_sync_filesystem_works_on_linux(tmp_path: Path) -> None:
    assert fsutil.sync_filesystem(tmp_path) is True
    assert fsutil.sync_filesystem(tmp_path / "gone") is False
