"""A USB stick that fills up part-way, for sync fault tests (issue 11, bad input)."""

from __future__ import annotations

import builtins
import errno
from pathlib import Path
from typing import Any

import pytest

from handledare_app.services import package as pkg


class _FullDisk:
    """A file on a stick that fills up after `room` bytes: the first bytes do reach the
    disk (a half-written file), then every write fails with ENOSPC."""

    def __init__(self, fh: Any, room: int) -> None:
        self.fh = fh
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.fh.write(data[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return int(self.fh.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def fill_up(monkeypatch: pytest.MonkeyPatch, folder: Path, room: int) -> None:
    """Writes into `folder` by the package writer fail after `room` bytes (ENOSPC)."""

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = builtins.open(file, mode, *args, **kwargs)  # noqa: SIM115 (returned open)
        if "w" in mode and Path(file).parent == folder:
            return _FullDisk(fh, room)
        return fh

    monkeypatch.setattr(pkg, "open", fake_open, raising=False)
