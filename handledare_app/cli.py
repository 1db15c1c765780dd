"""The one entry point: `handledare-app`. Without a sub-command it opens the window.

Expected problems print a Swedish message on stderr and exit non-zero;
unexpected ones are logged (with traceback) to the data folder's logs/.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cli_argparse_sv import install as _install_swedish_argparse
from .domain.errors import UserError
from .domain.records import CheckProblem
from .services.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from .services.app import App

log = logging.getLogger("handledare_app")

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _setup_logging(data_dir: Path) -> None:
    """File log without personal data: ids and error types only."""
    try:
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            data_dir / "logs" / "handledare.log",
            maxBytes=1_000_000,
            backupCount=5,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def build_parser() -> argparse.ArgumentParser:
    _install_swedish_argparse()
    p = argparse.ArgumentParser(
        prog="handledare-app",
        description="Handledarappen: validering med OCN-metoden på arbetsintegrerande "
        "sociala företag. Utan underkommando öppnas fönstret.",
    )
    p.add_argument("--version", action="version", version=f"Handledarappen {__version__}")
    p.add_argument(
        "--data-dir",
        metavar="MAPP",
        help="datamapp (annars HANDLEDARE_DATA_DIR eller standardplatsen)",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="kontrollera att programmet fungerar, i en tillfällig datamapp (dina data "
        "rörs inte); rapporten skrivs som JSON; slutkod 0 om allt fungerar, annars 1",
    )
    p.add_argument(
        "--report",
        metavar="FIL",
        help="skriv självtestets rapport till FIL i stället för till standard ut",
    )
    sub = p.add_subparsers(dest="command", metavar="KOMMANDO", title="underkommandon")

    init = sub.add_parser(
        "init", help="lägg upp en installation utan guiden (PIN läses från stdin)"
    )
    init.add_argument("--workplace", required=True, metavar="NAMN", help="arbetsplatsens namn")
    init.add_argument("--installation", required=True, metavar="NAMN", help="den här datorns namn")
    init.add_argument("--admin", required=True, metavar="NAMN", help="första administratören")
    init.add_argument(
        "--utan-exempelkatalog", action="store_true", help="läs inte in exempelkatalogen"
    )

    demo = sub.add_parser("demo", help="fyll en tom datamapp med påhittade demodata")
    demo.add_argument(
        "--deltagare", type=int, default=42, metavar="N", help="antal deltagare (standard 42)"
    )

    sub.add_parser("check", help="kontrollera databas, granskningslogg, signaturer och filer")
    # ui-list: screenshots of every screen, with demo data in a temporary folder
    shots = sub.add_parser(
        "screenshots", help="rita alla skärmar med demodata till PNG-filer (utan skärm)"
    )
    shots.add_argument("--out", metavar="MAPP", required=True, help="mapp för bilderna")

    summary = sub.add_parser("summary", help="antal och kontrollsumma per posttyp")
    summary.add_argument("--json", action="store_true", help="skriv ut som JSON")

    cat = sub.add_parser("catalogue", help="läs in eller exportera en kriteriebank")
    cat_sub = cat.add_subparsers(dest="catalogue_command", metavar="ÅTGÄRD", required=True)
    ci = cat_sub.add_parser("import", help="läs in en katalogfil (JSON)")
    ci.add_argument("file", metavar="FIL")
    ce = cat_sub.add_parser("export", help="skriv kriteriebanken till en fil (JSON)")
    ce.add_argument("file", metavar="FIL")
    return p


def _read_pin() -> str:
    if sys.stdin is None:
        raise UserError("PIN-koden ska skickas på standard in, inte som argument.")
    if sys.stdin.isatty():
        pin = getpass.getpass("PIN-kod för administratören: ")
        again = getpass.getpass("Upprepa PIN-koden: ")
        if pin != again:
            raise UserError("PIN-koderna är olika. Försök igen.")
        return pin
    return sys.stdin.readline().strip()


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _require_display() -> None:
    """Qt aborts with an English fatal error without a display; say it in Swedish first."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise UserError(
            "Ingen skärm hittades, så fönstret kan inte öppnas. Starta appen från "
            "skrivbordet, eller använd kommandona (se handledare-app --help)."
        )


def _require_existing(paths: DataPaths) -> None:
    if not paths.db.exists():
        raise UserError(
            f"Det finns ingen databas i datamappen {paths.root}. Starta appen eller kör "
            "”handledare-app init” först."
        )


@contextmanager
def _open(data_dir: Path, *, backup_at_start: bool = True) -> Iterator[App]:
    """open_app, with start-up notices (e.g. a restored backup) shown on stderr."""
    from .services.app import open_app

    with open_app(data_dir, backup_at_start=backup_at_start) as app:
        for notice in app.startup.notices:
            print(f"Observera: {notice}", file=sys.stderr)
        yield app


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    cmd = args.command
    if cmd in ("check", "summary", "catalogue"):
        _require_existing(DataPaths(data_dir))
    if cmd == "init":
        from .services.setup import validate_setup_input

        pin = _read_pin()
        # Checked before the folder is touched: a typo leaves nothing behind.
        validate_setup_input(args.workplace, args.installation, args.admin, pin)
        with _open(data_dir) as app:
            app.setup.set_up(
                args.workplace,
                args.installation,
                args.admin,
                pin,
                load_example_catalogue=not args.utan_exempelkatalog,
            )
            wp = app.setup.workplace()
        print(f"Klart: {wp.name} är upplagd i {data_dir}.")
        return EXIT_OK
    if cmd == "demo":
        from .services.demo import DEMO_PIN, create_demo

        if not 1 <= args.deltagare <= 20_000:
            raise UserError("Antalet deltagare ska vara mellan 1 och 20 000.")
        with _open(data_dir) as app:
            r = create_demo(app, participants=args.deltagare)
        print(
            f"Demodata skapad i {data_dir}: {r.participants} deltagare, {r.supervisors} "
            f"handledare, {r.evidence} bevis ({_count(r.photos, 'foto', 'foton')}), "
            f"{_count(r.modules_complete, 'modul', 'moduler')} klara för signering."
        )
        print(f"Alla demohandledare har PIN-koden {DEMO_PIN}.")
        return EXIT_OK
    if cmd == "check":
        with _open(data_dir, backup_at_start=False) as app:
            problems = app.check.run()
            if app.startup.restored_from is not None:
                problems.insert(
                    0,
                    CheckProblem(
                        "Databas",
                        "Databasen var skadad och har just återställts från en "
                        "säkerhetskopia (se meddelandet ovan).",
                    ),
                )
        if not problems:
            print("Kontrollen är klar: inga problem hittades.")
            return EXIT_OK
        print(f"Kontrollen hittade {len(problems)} problem:", file=sys.stderr)
        for prob in problems:
            print(f"  • {prob.area}: {prob.message}", file=sys.stderr)
        return EXIT_PROBLEM
    if cmd == "summary":
        with _open(data_dir, backup_at_start=False) as app:
            digests = app.summary.entity_digests()
        if args.json:
            print(json.dumps(digests, ensure_ascii=False, indent=2, sort_keys=True))
        else:
            for entity, d in sorted(digests.items()):
                print(f"{entity:20} {d['count']:8}  {d['sha256'][:16]}")
        return EXIT_OK
    if cmd == "catalogue":
        with _open(data_dir) as app:
            if args.catalogue_command == "import":
                r = app.catalogue.import_file(Path(args.file))
                print(
                    f"Kriteriebanken ”{r.catalogue.name}” version {r.catalogue.version} är "
                    f"inläst: {_count(r.modules_added, 'ny modul', 'nya moduler')}, "
                    f"{r.modules_unchanged} oförändrade, "
                    f"{_count(r.areas_added, 'nytt verksamhetsområde', 'nya verksamhetsområden')}."
                )
            else:
                n = app.catalogue.export_file(Path(args.file))
                print(f"{_count(n, 'modul', 'moduler')} exporterade till {args.file}.")
        return EXIT_OK
    raise AssertionError(cmd)


def _self_test(report_file: Path | None) -> int:
    """Runs before any data folder is resolved: the self-test never touches the user's."""
    from .selftest import run_self_test

    try:
        return run_self_test(report_file)
    except OSError as exc:
        print(f"Självtestets rapport kunde inte skrivas: {exc}", file=sys.stderr)
        return EXIT_PROBLEM


def _screenshots(out: Path) -> int:
    """Demo data in its own temporary folder; prints every file written."""
    from .ui.screenshots import run_screenshots

    try:
        written = run_screenshots(out)
    except UserError as exc:
        print(exc.full_text(), file=sys.stderr)
        return EXIT_PROBLEM
    for path in written:
        print(path)
    print(f"{_count(len(written), 'bild', 'bilder')} sparade i {out}.")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.report is not None and not args.self_test:
        parser.error("--report används bara tillsammans med --self-test")
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test kan inte kombineras med ett underkommando")
        return _self_test(Path(args.report) if args.report is not None else None)
    if args.command == "screenshots":  # ui-list: never touches a data folder
        return _screenshots(Path(args.out))
    data_dir = resolve_data_dir(args.data_dir)
    # Commands that need an existing folder must not create one (a typo in --data-dir).
    if args.command in (None, "init", "demo") or DataPaths(data_dir).db.exists():
        _setup_logging(data_dir)
    try:
        if args.command is None:
            _require_display()
            from .ui.app import run_gui

            return run_gui(data_dir)
        return _run(args, data_dir)
    except UserError as exc:
        log.info("user error in %s: %s", args.command, type(exc).__name__)
        print(exc.full_text(), file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return EXIT_PROBLEM
    except Exception:
        log.exception("unexpected error in %s", args.command)
        print(
            "Ett oväntat fel inträffade. Detaljer finns i loggfilen "
            f"{data_dir / 'logs' / 'handledare.log'}.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
