"""Input latency on a real X server (issue 14): how long a key press waits before the
window handles it while slow work runs.

A thread types into a probe field through XTest (libXtst, by ctypes) every `period_s`,
so the key press travels the way a user's does: X server → Qt's window-system queue →
the event loop. A local event loop with `ExcludeUserInputEvents` (the removed tasks.wait_for) holds
exactly these events back; posted QEvents or QTest would not show that. Needs
QT_QPA_PLATFORM=xcb and an X server (xvfb-run)."""

from __future__ import annotations

import ctypes
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLineEdit

XK_A = 0x61
REVERT_TO_PARENT = 2


@dataclass
class Latency:
    longest_ms: float
    median_ms: float
    keys: int


class _X:
    def __init__(self) -> None:
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XSetInputFocus.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.dpy = self.x11.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError("no X display (run under xvfb-run with QT_QPA_PLATFORM=xcb)")
        self.key = self.x11.XKeysymToKeycode(self.dpy, XK_A)

    def focus(self, window_id: int) -> None:
        self.x11.XSetInputFocus(self.dpy, window_id, REVERT_TO_PARENT, 0)
        self.x11.XSync(self.dpy, 0)

    def type_key(self) -> None:
        self.xtst.XTestFakeKeyEvent(self.dpy, self.key, 1, 0)
        self.xtst.XTestFakeKeyEvent(self.dpy, self.key, 0, 0)
        self.x11.XFlush(self.dpy)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.dpy)


class _Probe(QObject):
    def __init__(self, field: QLineEdit) -> None:
        super().__init__()
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()
        self.delays: list[float] = []
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            now = time.perf_counter()
            with self.lock:
                sent = self.sent.popleft() if self.sent else None
            if sent is not None:
                self.delays.append(now - sent)
        return False


class InputLatencyMeter:
    """`measure(action)`: `action(finished)` starts the work and returns at once or when
    it is done; `finished()` answers whether the work has ended. Keys are typed until
    then, and every typed key is waited for before the figure is taken."""

    def __init__(self, period_s: float = 0.03) -> None:
        self.period_s = period_s
        self.x = _X()
        self.field = QLineEdit()
        self.field.setWindowTitle("Inmatning")
        self.field.resize(300, 40)
        self.field.show()
        self.probe = _Probe(self.field)
        end = time.monotonic() + 5
        while not self.field.isActiveWindow() and time.monotonic() < end:
            self.x.focus(int(self.field.winId()))
            QApplication.processEvents()
            time.sleep(0.01)
        self.field.setFocus()
        self._warm_up()

    def _warm_up(self) -> None:
        lat = self.measure(lambda: None, lambda: True, min_keys=3)
        if lat.keys < 3:
            raise RuntimeError("the probe field receives no keys (X focus)")

    def measure(
        self,
        action: Callable[[], Any],
        finished: Callable[[], bool],
        *,
        min_keys: int = 0,
        timeout_s: float = 600.0,
    ) -> Latency:
        self.probe.delays = []
        stop = threading.Event()
        typed = [0]

        def typist() -> None:
            while not stop.is_set() or typed[0] < min_keys:
                with self.probe.lock:
                    self.probe.sent.append(time.perf_counter())
                self.x.type_key()
                typed[0] += 1
                time.sleep(self.period_s)

        thread = threading.Thread(target=typist, name="typist", daemon=True)
        thread.start()
        time.sleep(self.period_s)  # a key is already on its way when the work starts
        action()
        end = time.monotonic() + timeout_s
        while not finished() and time.monotonic() < end:  # the main event loop's part
            QApplication.processEvents()
            time.sleep(0.001)
        stop.set()
        thread.join()
        end = time.monotonic() + 10
        while len(self.probe.delays) < typed[0] and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.001)
        self.field.clear()
        delays = self.probe.delays or [float("nan")]
        return Latency(max(delays) * 1000, statistics.median(delays) * 1000, len(delays))

    def close(self) -> None:
        self.field.close()
        self.x.close()
