"""Emitting Qt signals from Python without corrupting the interpreter.

PySide6 6.12.0 returns the bool result of `SignalInstance.emit()` without a new
reference: every Python-side `emit()` leaves True or False with one reference too
few. After a few hundred emits Python frees the bool itself and aborts ("Fatal Python
error: bool_dealloc"), at once or when it exits.

`install()` (run when the `ui` package is imported, so before any window code)
probes for the bug and, only where it is present, wraps `SignalInstance.emit` to add
the missing reference. Every `.emit()` in the app and in Qt-facing libraries is then
safe, whoever wrote it. A PySide6 that fixes the bug is left untouched.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

_PROBES = 4
_installed = False


class _Probe(QObject):
    ping = Signal()


def _bool_refs() -> tuple[int, int]:
    return sys.getrefcount(True), sys.getrefcount(False)


def emit_drops_references() -> bool:
    """True where this PySide6 has the bug; repairs the references the probe cost."""
    probe = _Probe()
    before = _bool_refs()
    for _ in range(_PROBES):
        probe.ping.emit()
    after = _bool_refs()
    for value, lost in ((True, before[0] - after[0]), (False, before[1] - after[1])):
        for _ in range(max(lost, 0)):
            _incref(value)
    return after < before


def install() -> None:
    """Patch `SignalInstance.emit` once, if this PySide6 needs it."""
    global _installed
    if _installed:
        return
    _installed = True
    if not emit_drops_references():
        return
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if isinstance(result, bool):
            _incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
