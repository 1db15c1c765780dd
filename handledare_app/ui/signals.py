"""Emitting Qt signals from Python without corrupting the interpreter.

PySide6 6.12.0 returns the bool result of `SignalInstance.emit()` without a new
reference: every Python-side `emit()` leaves True or False with one reference too
few. After a few hundred emits Python frees the bool itself and aborts ("Fatal Python
error: bool_dealloc"), at once or when it exits. `emit()` below adds the missing
reference. Should a later PySide6 add it itself, the extra reference only keeps
True/False alive, which they are anyway.
"""

from __future__ import annotations

import ctypes
from typing import Any

from PySide6.QtCore import SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, with the reference PySide6 6.12.0 forgets."""
    result = signal.emit(*args)
    if isinstance(result, bool):
        _incref(result)
