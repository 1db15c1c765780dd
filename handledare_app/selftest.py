"""`handledare-app --self-test`: proves in a few seconds that this build works.

Runs in a temporary data folder (never the user's): imports every module of the
app and every Qt module it uses, runs the migrations to head, sets up an
installation with the example catalogue and a small demo, runs `check`, and shows
the main window and renders it. The result is a JSON report on stdout or in a file
(a windowed Windows build has no console). No Qt import at module level: the Qt
part is in ui/selftest_qt.py.

TODO (later issues, not faked here): a certificate PDF written with the bundled
fonts and rendered back, and an encryption and signature round trip. They join
the steps when the certificate and exchange services exist; until then the report
lists them under "not_covered".
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__

# Loaded by Alembic from their files (env.py refuses a plain import), and the
# command-line module that runs main() on import.
SKIP_IMPORT_PREFIXES = ("handledare_app.storage.migrations", "handledare_app.__main__")
NOT_COVERED = ("certificate_pdf", "encryption_signature_roundtrip")
SELFTEST_PIN = "2580"


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "ok": self.ok, "seconds": self.seconds}
        if self.detail is not None:
            out["detail"] = self.detail
        if self.error is not None:
            out["error"] = self.error
        return out


@dataclass
class SelfTestReport:
    steps: list[StepResult] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    def run(self, name: str, fn: Callable[[], str | None]) -> bool:
        """Run one step; an exception fails the step, never the whole self-test."""
        t0 = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)
            where = f" ({Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
            result = StepResult(name, False, _secs(t0), error=f"{type(exc).__name__}: {exc}{where}")
        else:
            result = StepResult(name, True, _secs(t0), detail=detail)
        self.steps.append(result)
        return result.ok

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "steps": [s.as_json() for s in self.steps],
            "seconds": _secs(self.started),
            "version": __version__,
            "python": platform.python_version(),
            "frozen": bool(getattr(sys, "frozen", False)),
            "platform": sys.platform,
            "not_covered": list(NOT_COVERED),
        }


def _secs(t0: float) -> float:
    return round(time.perf_counter() - t0, 3)


def _check_resources() -> str:
    from .domain.catalogue import parse_catalogue_bytes
    from .resources import example_catalogue_path, resource_root

    catalogue = parse_catalogue_bytes(example_catalogue_path().read_bytes())
    if not catalogue.modules:
        raise RuntimeError("exempelkatalogen innehåller inga moduler")
    return f"{resource_root()}: exempelkatalog med {len(catalogue.modules)} moduler"


def _import_app_modules() -> str:
    import handledare_app

    names = sorted(
        m.name
        for m in pkgutil.walk_packages(handledare_app.__path__, "handledare_app.")
        if not m.name.startswith(SKIP_IMPORT_PREFIXES)
    )
    if len(names) < 20:  # a frozen build that lost its modules lists few
        raise RuntimeError(f"bara {len(names)} moduler hittades")
    for name in names:
        importlib.import_module(name)
    return f"{len(names)} moduler"


def _import_qt() -> str:
    from .ui.selftest_qt import import_qt_modules

    return import_qt_modules()


def _check_migration_scripts() -> str:
    """Alembic finds its scripts on disk, and they are the revisions the code knows."""
    from .storage.migrate import MIGRATIONS_DIR, alembic_revisions
    from .storage.schema_versions import REVISIONS

    for name in ("env.py", "script.py.mako"):
        if not (MIGRATIONS_DIR / name).is_file():
            raise FileNotFoundError(MIGRATIONS_DIR / name)
    found = tuple(alembic_revisions())
    if found != REVISIONS:
        raise RuntimeError(f"Alembic hittar {found}, koden känner till {REVISIONS}")
    return f"{MIGRATIONS_DIR}: {len(found)} revisioner"


@contextmanager
def _temporary_data_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="handledare-selftest-"))
    try:
        yield root / "data"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _ensure_qt_platform() -> None:
    """Without a display Qt aborts the process; the self-test falls back to offscreen."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run_steps() -> SelfTestReport:
    report = SelfTestReport()
    report.run("resources", _check_resources)
    _ensure_qt_platform()
    report.run("qt_modules", _import_qt)
    report.run("app_modules", _import_app_modules)
    report.run("migration_scripts", _check_migration_scripts)
    with _temporary_data_dir() as data_dir:
        from .services.app import App, open_app

        state: dict[str, Any] = {}

        def migrate() -> str:
            from .storage.migrate import schema_state

            app: App = open_app(data_dir)
            state["app"] = app
            s = schema_state(app.paths.db)
            if not s.up_to_date:
                raise RuntimeError(f"schemat är {s.current}, inte {s.head}")
            return f"schemaversion {s.current}"

        def set_up() -> str:
            app: App = state["app"]
            state["admin"] = app.setup.set_up(
                "Självtest", "Självtestdatorn", "Själv Testsson", SELFTEST_PIN
            )
            return f"{len(app.catalogue.modules())} moduler i kriteriebanken"

        def demo() -> str:
            from .services.demo import create_demo

            r = create_demo(state["app"], participants=3, into_set_up_folder=True)
            return f"{r.participants} deltagare, {r.evidence} bevis, {r.photos} foton"

        def check() -> str:
            problems = state["app"].check.run()
            if problems:
                raise RuntimeError("; ".join(f"{p.area}: {p.message}" for p in problems))
            return "inga problem"

        def window() -> str:
            from .ui.selftest_qt import show_main_window

            return show_main_window(state["app"], state["admin"])

        try:
            if report.run("migrations", migrate):
                for name, fn in (
                    ("set_up", set_up),
                    ("demo", demo),
                    ("check", check),
                    ("main_window", window),
                ):
                    if not report.run(name, fn):
                        break
        finally:
            if "app" in state:
                state["app"].close()
    return report


def run_self_test(report_file: Path | None = None) -> int:
    """Run the self-test; JSON to report_file or stdout. Exit code 0 when all steps pass."""
    report = run_steps()
    text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
    if report_file is not None:
        report_file.parent.mkdir(parents=True, exist_ok=True)
        report_file.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0 if report.ok else 1
