"""Make sure Qt's X11 (xcb) platform plugin can load on Debian/Ubuntu.

PySide6 wheels do not bring the libxcb-* libraries; without them the window
never opens. `make run` calls this: it lists what is missing, installs it when
running as root with apt-get, and otherwise prints the exact command.
Exit 0 when everything is there (or not on Linux), 1 otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Library soname → Debian package. libxcb-cursor is dlopen()ed by Qt at run time,
# so ldd never reports it: it is always checked explicitly.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libICE.so.6": "libice6",
    "libSM.so.6": "libsm6",
}
ALWAYS_CHECK = ("libxcb-cursor.so.0",)


def _qxcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    plugin = base / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def _known_libs() -> str:
    try:
        return subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return ""


def missing_libraries() -> list[str]:
    plugin = _qxcb_plugin()
    if plugin is None:
        return []
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False).stdout
    missing = {line.split()[0] for line in out.splitlines() if "not found" in line}
    known = _known_libs()
    missing |= {lib for lib in ALWAYS_CHECK if lib not in known}
    return sorted(missing)


def main() -> int:
    if not sys.platform.startswith("linux"):
        return 0
    missing = missing_libraries()
    if not missing:
        return 0
    packages = sorted({PACKAGES.get(lib, lib) for lib in missing})
    unknown = [lib for lib in missing if lib not in PACKAGES]
    command = "apt-get install -y " + " ".join(packages)
    print("Fönstret behöver systembibliotek som saknas: " + ", ".join(missing))
    if os.geteuid() == 0 and shutil.which("apt-get") and not unknown:
        print("Installerar: " + " ".join(packages))
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=False)
        if result.returncode == 0 and not missing_libraries():
            return 0
    print("Kör det här kommandot och försök igen:")
    print(f"    sudo {command}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
