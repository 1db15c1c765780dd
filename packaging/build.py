"""`make package`: freeze, check, self-test and bundle the Linux build; prints the figures.

    .venv/bin/python packaging/build.py

1. PyInstaller one-folder build from packaging/handledarappen.spec into dist/handledarappen/
2. checks the bundle: executable, resources, Alembic scripts, nothing excluded crept in
3. the frozen `--self-test` (offscreen; and under xvfb-run with the real X11 backend
   when xvfb-run is installed), and the same self-test from the source checkout
4. dist/handledarappen-linux-x86_64.tar.gz with the desktop entry, icons and install.sh
5. install.sh into a temporary prefix, run the installed program, uninstall
Figures go to stdout and dist/package-figures.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
APP = DIST / "handledarappen"
EXE = APP / "handledare-app"
STAGE_NAME = "handledarappen-linux-x86_64"
TARBALL = DIST / f"{STAGE_NAME}.tar.gz"
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resurser" / "ikoner"
# Must not be in the bundle (see the spec's excludes).
FORBIDDEN = (
    "WebEngine",
    "Qt6Qml",
    "Qt6Quick",
    "virtualkeyboard",
    "libqgtk3",
    "Qt6PdfQuick",
    "QtNetwork.",  # the Python module; libQt6Network stays (libQt6Pdf links to it)
)


def fail(message: str) -> None:
    print(f"make package: {message}", file=sys.stderr)
    raise SystemExit(1)


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> float:
    """Run a command (must succeed); returns its wall-clock seconds."""
    print("+", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, check=False, env=env, cwd=cwd)
    seconds = time.perf_counter() - t0
    if result.returncode != 0:
        fail(f"{cmd[0]} avslutades med kod {result.returncode}")
    return round(seconds, 2)


def tool(name: str, debian_package: str) -> str:
    path = shutil.which(name)
    if path is None:
        fail(f"{name} saknas; installera Debian-paketet {debian_package}")
    assert path is not None
    return path


def du_bytes(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def du_h(path: Path) -> str:
    return subprocess.run(
        ["du", "-sh", str(path)], check=True, capture_output=True, text=True
    ).stdout.split()[0]


def check_bundle() -> None:
    internal = APP / "_internal"
    must = [
        EXE,
        internal / "resurser" / "katalog" / "exempelkatalog.json",
        internal / "resurser" / "ikoner" / "handledarappen.png",
        internal / "handledare_app" / "storage" / "migrations" / "env.py",
        internal / "handledare_app" / "storage" / "migrations" / "script.py.mako",
        # Certificates: the bundled fonts and their licence, reportlab's own data.
        internal / "resurser" / "typsnitt" / "DejaVuSans.ttf",
        internal / "resurser" / "typsnitt" / "DejaVuSans-Bold.ttf",
        internal / "resurser" / "typsnitt" / "LICENS-DejaVu.txt",
        internal / "reportlab" / "fonts" / "Vera.ttf",
    ]
    # Compiled parts found by pattern (names carry the ABI tag): QtPdf and its Qt
    # library, pyrage (age) and cryptography's Rust core.
    for pattern in (
        "PySide6/QtPdf.*",
        "PySide6/Qt/lib/libQt6Pdf.so*",
        "pyrage/pyrage*",
        "cryptography/hazmat/bindings/_rust*",
    ):
        if not list(internal.glob(pattern)):
            must.append(internal / pattern)
    missing = [str(p.relative_to(APP)) for p in must if not p.is_file()]
    if not list(
        (internal / "handledare_app" / "storage" / "migrations" / "versions").glob("0*.py")
    ):
        missing.append("migrations/versions/0*.py")
    if missing:
        fail("saknas i bygget: " + ", ".join(missing))
    names = [str(p.relative_to(APP)) for p in APP.rglob("*")]
    bad = [n for n in names if any(f.lower() in n.lower() for f in FORBIDDEN)]
    bad += [n for n in names if n.endswith(".qm") and not n.endswith(("_sv.qm", "_en.qm"))]
    if bad:
        fail("sådant som ska vara uteslutet finns i bygget: " + ", ".join(bad[:10]))


def self_test(cmd: list[str], report: Path, env_extra: dict[str, str]) -> float:
    env = {**os.environ, **env_extra}
    seconds = run(
        [*cmd, "--self-test", "--report", str(report)], env=env, cwd=tempfile.gettempdir()
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    if not data["ok"]:
        fail(f"självtestet misslyckades, se {report}")
    return seconds


def make_tarball() -> None:
    stage = DIST / STAGE_NAME
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(APP, stage / "handledarappen", symlinks=True, copy_function=os.link)
    shutil.copy2(LINUX / "handledarappen.desktop", stage)
    shutil.copy2(LINUX / "install.sh", stage)
    shutil.copy2(ICONS / "handledarappen.png", stage)
    shutil.copy2(ICONS / "handledarappen.svg", stage)
    (stage / "install.sh").chmod(0o755)
    with tarfile.open(TARBALL, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=STAGE_NAME)
    shutil.rmtree(stage)


def check_install_script() -> None:
    """Unpack the tarball, install into a temporary prefix, run it, uninstall."""
    with tempfile.TemporaryDirectory(prefix="handledare-install-") as tmp:
        with tarfile.open(TARBALL) as tar:
            tar.extractall(tmp, filter="tar")
        prefix = Path(tmp) / "prefix"
        script = Path(tmp) / STAGE_NAME / "install.sh"
        run(["sh", str(script), "--prefix", str(prefix)])
        desktop = prefix / "share" / "applications" / "handledarappen.desktop"
        run(["desktop-file-validate", str(desktop)])
        run([str(prefix / "bin" / "handledare-app"), "--version"])
        run(["sh", str(script), "--prefix", str(prefix), "--uninstall"])
        left = [
            str(p.relative_to(prefix))
            for p in prefix.rglob("*")
            if p.is_file() and not p.name.endswith(".cache")  # the desktop's own caches
        ]
        if left:
            fail("install.sh --uninstall lämnade kvar: " + ", ".join(left))


def check_nsis_script() -> tuple[float, int]:
    """Builds the Windows installer script from the Linux bundle: a check of the script
    only (the real .exe is frozen on Windows), then lists it with 7z."""
    out = DIST / "handledarappen-nsis-check.exe"
    out.unlink(missing_ok=True)
    seconds = run(
        ["makensis", "-V2", "-DEXE_NAME=handledare-app", f"-DOUTFILE={out}", "handledarappen.nsi"],
        cwd=str(ROOT / "packaging" / "windows"),
    )
    listing = subprocess.run(
        [tool("7z", "p7zip-full"), "l", str(out)], check=True, capture_output=True, text=True
    ).stdout
    for needed in (
        "handledare-app",
        "_internal/handledare_app/storage/migrations/env.py",
        "_internal/handledare_app/storage/migrations/script.py.mako",
        "_internal/handledare_app/storage/migrations/versions/0001_initial_schema.py",
        "_internal/resurser/katalog/exempelkatalog.json",
    ):
        if needed not in listing:
            fail(f"{needed} saknas i NSIS-installationsprogrammet")
    return seconds, out.stat().st_size


def main() -> int:
    tool("desktop-file-validate", "desktop-file-utils")
    tool("strip", "binutils")
    run(["desktop-file-validate", str(LINUX / "handledarappen.desktop")])
    for path in (APP, ROOT / "build" / "pyinstaller", DIST / STAGE_NAME):
        shutil.rmtree(path, ignore_errors=True)
    TARBALL.unlink(missing_ok=True)

    figures: dict[str, object] = {}
    figures["build_seconds"] = run(
        [
            str(Path(sys.executable).parent / "pyinstaller"),
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "handledarappen.spec"),
        ]
    )
    check_bundle()
    figures["one_folder_bytes"] = du_bytes(APP)
    figures["one_folder_du_sh"] = du_h(APP)

    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    figures["frozen_self_test_seconds"] = self_test([str(EXE)], DIST / "selftest.json", offscreen)
    source_env = {**offscreen, "PYTHONPATH": str(ROOT)}
    figures["source_self_test_seconds"] = self_test(
        [sys.executable, "-m", "handledare_app"], DIST / "selftest-source.json", source_env
    )
    if shutil.which("xvfb-run"):
        xcb = {"QT_QPA_PLATFORM": "xcb"}
        figures["frozen_self_test_xvfb_seconds"] = self_test(
            ["xvfb-run", "-a", str(EXE)], DIST / "selftest-xvfb.json", xcb
        )
    else:
        print("xvfb-run saknas (Debian-paketet xvfb): självtestet med X11 hoppas över.")

    t0 = time.perf_counter()
    make_tarball()
    figures["tarball_seconds"] = round(time.perf_counter() - t0, 2)
    figures["tarball_bytes"] = TARBALL.stat().st_size
    check_install_script()

    if shutil.which("makensis"):
        figures["nsis_seconds"], figures["nsis_installer_bytes"] = check_nsis_script()
    else:
        print("makensis saknas (Debian-paketet nsis): NSIS-skriptet kontrolleras inte.")

    (DIST / "package-figures.json").write_text(json.dumps(figures, indent=2) + "\n")
    print("\nmake package: klart")
    for key, value in figures.items():
        print(f"  {key:32} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
