"""`handledare-app --self-test`: proves in a few seconds that this build works.

Runs in a temporary data folder (never the user's): imports every module of the
app and every Qt module it uses, runs the migrations to head, sets up an
installation with the example catalogue and a small demo, runs `check`, shows the
main window and renders it, writes a one-page A4 PDF with the bundled fonts (å ä ö),
checks they are embedded and renders the page back with QtPdf, and does an Ed25519
signature and an age encryption round trip (to a key and with a passphrase). The
result is a JSON report on stdout or in a file (a windowed Windows build has no
console). No Qt import at module level: the Qt part is in ui/selftest_qt.py.

The PDF and crypto steps use the foundations the certificate (issue 4) and exchange
(issue 5) services build on: services/pdf_fonts.py and services/crypto.py. The
report keeps a "not_covered" list (empty now) for anything not yet checked.
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
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__

# Loaded by Alembic from their files (env.py refuses a plain import), and the
# command-line module that runs main() on import.
SKIP_IMPORT_PREFIXES = ("handledare_app.storage.migrations", "handledare_app.__main__")
NOT_COVERED: tuple[str, ...] = ()
# On the self-test PDF, and read back from it with QtPdf.
PDF_NAME_LINE = "Kompetensbevis – Åsa Öberg"
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


def _write_pdf(path: Path) -> str:
    """A one-page A4 PDF with the bundled fonts, Swedish text; returns the font check."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from .services.pdf_fonts import font_problems, register_fonts

    regular, bold = register_fonts()
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    canvas.setFont(regular, 12)
    canvas.setTitle("Självtest: kompetensbevis")
    width, height = A4
    canvas.setFont(bold, 22)
    canvas.drawString(72, height - 100, PDF_NAME_LINE)
    canvas.setFont(regular, 13)
    for i, line in enumerate(
        (
            "Städ: Daglig städning",
            "Nivå 1, 3 poäng. Lärandemål: väljer rätt rengöringsmedel och redskap.",
            "ÅÄÖ åäö é ü – ”citat” · 2026-01-31",
        )
    ):
        canvas.drawString(72, height - 140 - 22 * i, line)
    canvas.setLineWidth(1.5)
    canvas.line(72, height - 220, width - 72, height - 220)
    canvas.showPage()
    canvas.save()
    data = path.read_bytes()
    problems = font_problems(data, (regular, bold))
    if problems:
        raise RuntimeError("; ".join(problems))
    return f"{len(data) // 1024} kB, typsnitten {regular} och {bold} inbäddade"


SELFTEST_PASSPHRASE = "självtest lösenfras"
SELFTEST_MESSAGE = "Modul Städ 1 signerad av Åsa Öberg".encode()


def _passphrase_roundtrip() -> float:
    """age with a passphrase, there and back; returns its seconds. scrypt is slow on
    purpose (about a second each way), so run_steps starts this in a thread at the
    beginning (pyrage releases the GIL) and the crypto step collects the result."""
    from .services import crypto

    t0 = time.perf_counter()
    locked = crypto.encrypt_with_passphrase(SELFTEST_MESSAGE, SELFTEST_PASSPHRASE)
    if SELFTEST_MESSAGE in locked:
        raise RuntimeError("lösenfraskrypteringen lämnade texten i klartext")
    if crypto.decrypt_with_passphrase(locked, SELFTEST_PASSPHRASE) != SELFTEST_MESSAGE:
        raise RuntimeError("age-kryptering med lösenfras gick inte fram och tillbaka")
    return time.perf_counter() - t0


def _crypto_roundtrip(passphrase_job: Future[float]) -> str:
    """Ed25519 sign/verify (tampering caught), age to a key (a wrong key refused), and
    the passphrase round trip started earlier."""
    from .domain.errors import UserError
    from .services import crypto

    message = SELFTEST_MESSAGE
    private = crypto.generate_signing_key()
    public = crypto.public_key(private)
    signature = crypto.sign(private, message)
    if not crypto.verify(public, message, signature):
        raise RuntimeError("en korrekt signatur godtogs inte")
    if crypto.verify(public, message + b".", signature):
        raise RuntimeError("en ändrad text godtogs med den gamla signaturen")

    secret, recipient = crypto.generate_identity()
    other_secret, _ = crypto.generate_identity()
    package = crypto.encrypt(message, [recipient])
    if message in package or crypto.decrypt(package, secret) != message:
        raise RuntimeError("age-kryptering till nyckel gick inte fram och tillbaka")
    try:
        crypto.decrypt(package, other_secret)
    except UserError:
        pass
    else:
        raise RuntimeError("fel nyckel kunde dekryptera")
    passphrase_seconds = passphrase_job.result(timeout=60)
    return (
        f"Ed25519 {crypto.fingerprint(public)[:9]}…: signatur godtas, ändrad text avvisas; "
        f"age X25519: fel nyckel avvisas; age lösenfras: {passphrase_seconds:.1f} s i bakgrunden"
    )


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
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="selftest-age") as pool:
        return _run_steps(pool.submit(_passphrase_roundtrip))


def _run_steps(passphrase_job: Future[float]) -> SelfTestReport:
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

        def pdf() -> str:
            from .ui.selftest_qt import render_pdf_page

            path = data_dir.parent / "självtest-kompetensbevis.pdf"
            written = _write_pdf(path)
            return f"{written}; {render_pdf_page(path, PDF_NAME_LINE)}"

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
        # Independent of the installation: run even if a step above failed.
        report.run("pdf", pdf)
        report.run("crypto", lambda: _crypto_roundtrip(passphrase_job))
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
