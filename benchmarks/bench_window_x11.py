"""Time until the main window is mapped on a real X server: frozen build, source, bare Qt.

Measured from outside the process, the way a user sees it: Xvfb runs, each
program is started, and `xdotool search --onlyvisible` is polled every 25 ms
until a window with the expected title is mapped. The app starts on a set-up data
folder with the given number of participants (its window appears before the
login dialog). Needs the Debian packages xvfb and xdotool; the frozen build is
measured when dist/handledarappen/ exists (`make package`).

    python benchmarks/bench_window_x11.py [--participants 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "dist" / "handledarappen" / "handledare-app"

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
qt = QApplication(sys.argv)
w = QMainWindow()
w.setWindowTitle("Tom")
w.resize(1366, 768)
w.show()
qt.exec()
"""


def _window_mapped(title: str, env: dict[str, str]) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
        env=env,
        capture_output=True,
        check=False,
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def time_until_window(cmd: list[str], title: str, env: dict[str, str]) -> float:
    """Polls every 25 ms (xdotool's own --sync waits in 0.5 s steps)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            while not _window_mapped(title, env):
                if proc.poll() is not None or time.perf_counter() - start > 60:
                    err.seek(0)
                    tail = err.read().decode(errors="replace")[-2000:]
                    sys.exit(f"{cmd[0]} visade inget fönster: {tail}")
                time.sleep(0.025)
            return time.perf_counter() - start
        finally:
            proc.kill()
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--participants", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} saknas: apt-get install -y xvfb xdotool")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_startup import build_database

    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    xvfb = subprocess.Popen(
        # -noreset: otherwise the server resets whenever the last client (a poll) leaves,
        # and a program connecting at that moment fails.
        ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.perf_counter() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists() and time.perf_counter() < deadline:
        time.sleep(0.05)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env |= {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = build_database(Path(tmp), args.participants)
            programs = {
                "bare QMainWindow": ([sys.executable, "-c", BARE], "Tom"),
                "source (python -m)": (
                    [sys.executable, "-m", "handledare_app", "--data-dir", str(data)],
                    "Handledarappen",
                ),
            }
            if FROZEN.exists():
                programs["frozen one-folder"] = (
                    [str(FROZEN), "--data-dir", str(data)],
                    "Handledarappen",
                )
            for cmd, title in programs.values():  # warm the file cache
                time_until_window(cmd, title, env)
            times: dict[str, list[float]] = {name: [] for name in programs}
            for _ in range(args.runs):
                for name, (cmd, title) in programs.items():
                    times[name].append(time_until_window(cmd, title, env))
    finally:
        xvfb.terminate()
        xvfb.wait()
    bare = statistics.median(times["bare QMainWindow"])
    for name, values in times.items():
        med = statistics.median(values)
        runs = ", ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:20} median {med * 1000:5.0f} ms  ratio {med / bare:4.2f}  (runs: {runs})")


if __name__ == "__main__":
    main()
