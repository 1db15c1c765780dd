"""Input latency while a PIN check runs (issue 14): the longest delay between a key press
reaching the X server and the window handling it, while scrypt runs.

Real window-system input is needed: a posted QKeyEvent would be delivered even inside
`wait_for`'s local loop, which holds back only input from the window system
(ExcludeUserInputEvents). So this starts Xvfb, runs a child on the xcb platform, and a
sender thread presses keys every 10 ms through the XTest extension (libXtst via ctypes,
its own X connection) while the check runs. Each press is matched in order with its
KeyPress in the window; the longest delay per check is recorded.

    "old": `tasks.wait_for(login)` (local event loop, input held back until it is done)
    "new": `tasks.run_in_background(login, on_done)` (the one main event loop)
    "dialog": the login dialog's own path (`LoginDialog.try_login`, answer by callback)

    python benchmarks/pin_input_latency.py [--repeat 5]

Used by bench_gui_stalls.py (`--only input`). Needs Xvfb and libXtst (Debian: xvfb,
libxtst6).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEND_EVERY_S = 0.010


class XKeys:
    """Presses and releases one key through XTest on a separate X connection."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XSetInputFocus.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        xtst.XTestFakeKeyEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.x11, self.xtst = x11, xtst
        self.dpy = x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")
        self.code = x11.XKeysymToKeycode(self.dpy, x11.XStringToKeysym(b"a"))

    def focus(self, window_id: int) -> None:
        self.x11.XSetInputFocus(self.dpy, window_id, 2, 0)  # RevertToParent, CurrentTime
        self.x11.XSync(self.dpy, 0)

    def press(self) -> float:
        self.xtst.XTestFakeKeyEvent(self.dpy, self.code, 1, 0)
        self.xtst.XTestFakeKeyEvent(self.dpy, self.code, 0, 0)
        self.x11.XFlush(self.dpy)
        return time.perf_counter()


CHILD = r"""
import statistics, sys, threading, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from pin_input_latency import SEND_EVERY_S, XKeys
from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QLineEdit
from handledare_app.services.app import open_app
from handledare_app.ui import tasks
from handledare_app.ui.login_dialog import LoginDialog

qt = QApplication(sys.argv[:1])
edit = QLineEdit()
edit.resize(400, 40)
edit.show()
edit.activateWindow()
edit.setFocus()
received = []

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress:
            received.append(time.perf_counter())
        return False

watch = Watch()
edit.installEventFilter(watch)
for _ in range(50):
    qt.processEvents()
    time.sleep(0.01)
keys = XKeys(sys.argv[2])
keys.focus(int(edit.winId()))
app = open_app(Path(sys.argv[1]))
admin = app.setup.set_up("Mätverkstan", "Mätdatorn", "Åsa Öberg", "4821")


def settle(n: int) -> bool:
    end = time.perf_counter() + 5
    while len(received) < n and time.perf_counter() < end:
        qt.processEvents()
        time.sleep(0.001)
    return len(received) >= n


# warm up: keys reach the window at all
received.clear()
keys.press()
assert settle(1), "no key press reached the window (focus?)"


def trial(style: str) -> tuple[float, float]:
    received.clear()
    qt.processEvents()
    sent = []
    stop = threading.Event()

    def sender():
        while not stop.is_set():
            sent.append(keys.press())
            time.sleep(SEND_EVERY_S)

    start = time.perf_counter()
    thread = threading.Thread(target=sender)
    thread.start()
    if style == "old":
        tasks.wait_for(lambda: app.supervisors.login(admin, "4821"))
    elif style == "dialog":  # the login dialog as the app uses it (not shown: keys go to edit)
        loop = QEventLoop()
        dialog = LoginDialog(app)
        dialog.pin_edit.setText("4821")
        dialog.finished.connect(lambda _r: loop.quit())
        dialog.try_login()
        loop.exec()
        assert dialog.supervisor is not None
    else:  # the main loop (QApplication.exec() is this loop) runs until the answer
        loop = QEventLoop()
        tasks.run_in_background(
            lambda _c: app.supervisors.login(admin, "4821"), lambda _u: loop.quit()
        )
        loop.exec()
    check = time.perf_counter() - start
    stop.set()
    thread.join()
    settle(len(sent))
    delays = [r - s for s, r in zip(sent, received)]
    return max(delays) * 1000, check * 1000


repeat = int(sys.argv[4])
STYLES = ("old", "new", "dialog")
for style in STYLES:
    trial(style)  # warm
rows = {style: [] for style in STYLES}
for _ in range(repeat):
    for style in STYLES:
        rows[style].append(trial(style))
for style in STYLES:
    worst = [w for w, _c in rows[style]]
    checks = [c for _w, c in rows[style]]
    print(style, statistics.median(worst), statistics.median(checks), max(worst), flush=True)
app.close()
"""


def free_display() -> str:
    n = next(n for n in range(120, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    return f":{n}"


def measure(repeat: int = 5) -> dict[str, tuple[float, float, float]] | None:
    """{"old"|"new": (median longest delay ms, median check ms, worst delay ms)}; None
    when Xvfb or libXtst is missing."""
    if shutil.which("Xvfb") is None or ctypes.util.find_library("Xtst") is None:
        return None
    display = free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        with tempfile.TemporaryDirectory(prefix="pin-latency-") as tmp:
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    str(Path(tmp) / "data"),
                    display,
                    str(Path(__file__).resolve().parent),
                    str(repeat),
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        result: dict[str, tuple[float, float, float]] = {}
        for line in out.stdout.splitlines():
            style, *values = line.split()
            if style in ("old", "new", "dialog"):
                a, b, c = (float(v) for v in values)
                result[style] = (a, b, c)
        return result
    finally:
        xvfb.terminate()
        xvfb.wait()


def report(repeat: int) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    result = measure(repeat)
    if result is None:
        print("input latency while a PIN check runs: skipped (needs Xvfb and libXtst)")
        return
    print(f"input latency while a PIN check runs (real X key presses every 10 ms, load {load})")
    print(f"{'style':32s} {'longest delay ms':>17s} {'check ms':>9s} {'worst ms':>9s}")
    names = {
        "old": "old: wait_for (local loop)",
        "new": "new: run_in_background",
        "dialog": "new: LoginDialog.try_login",
    }
    for style in ("old", "new", "dialog"):
        delay, check, worst = result[style]
        print(f"{names[style]:32s} {delay:17.0f} {check:9.0f} {worst:9.0f}")
    old, new = result["old"][0], result["new"][0]
    print(f"ratio new/old longest delay: {new / old:.2f}" if old else "")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    report(parser.parse_args().repeat)
