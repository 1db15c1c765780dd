"""Emitting from Python keeps True/False's reference counts whole (PySide6 6.12.0 bug)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import handledare_app.ui  # noqa: F401  (installs the fix)


class _Sender(QObject):
    plain = Signal()
    with_args = Signal(int, str)


def _bool_refs() -> int:
    return sys.getrefcount(True) + sys.getrefcount(False)


def test_emit_does_not_drain_the_bools(qapp: object) -> None:
    """The fix is global: a plain `.emit()` anywhere (ours, tests, libraries) is safe."""
    sender = _Sender()
    received: list[tuple[int, str]] = []
    sender.with_args.connect(lambda n, s: received.append((n, s)))
    before = _bool_refs()
    for i in range(200):
        sender.plain.emit()
        sender.with_args.emit(i, "å")
    assert _bool_refs() >= before  # a raw .emit() in PySide6 6.12.0 loses one per call
    assert len(received) == 200 and received[-1] == (199, "å")
