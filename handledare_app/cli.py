"""The one entry point: `handledare-app`. Without a sub-command it opens the window.

Expected problems print a Swedish message on stderr and exit non-zero;
unexpected ones are logged (with traceback) to the data folder's logs/.

Each group of commands lives in its own `cli_<topic>.py` (`add_commands(sub)` and
`run(args, data_dir)`, which answers None for a command that is not its own); this
module sets up the parser, dispatches, and turns errors into the exit codes (0 ok,
1 user problem, 2 bad arguments, 70 internal).
"""

from __future__ import annotations

import argparse
import errno
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import (
    __version__,
    cli_backup,
    cli_catalogue,
    cli_check,
    cli_exchange,
    cli_privacy,
    cli_report,
    cli_setup,
    cli_signing,
    cli_stats,
)
from .cli_argparse_sv import UsageError
from .cli_argparse_sv import install as _install_swedish_argparse
from .domain.errors import UserError
from .domain.swedish import count_text
from .services.files import os_error_text
from .services.log_privacy import PrivateFormatter, error_id
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
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # A log that cannot be written (a full disk) must not print Python's "--- Logging
    # error ---" traceback over the Swedish message; the command's own answer stands.
    logging.raiseExceptions = False


def build_parser() -> argparse.ArgumentParser:
    _install_swedish_argparse()
    p = argparse.ArgumentParser(
        prog="handledare-app",
        description="Handledarappen: validering med OCN-metoden på arbetsintegrerande "
        "sociala företag. Utan underkommando öppnas fönstret.",
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"Handledarappen {__version__}",
        help="visa programmets version och avsluta",
    )
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

    cli_setup.add_commands(sub)  # init, demo
    cli_check.add_check_command(sub)
    # ui-list: screenshots of every screen, with demo data in a temporary folder
    shots = sub.add_parser(
        "screenshots", help="rita alla skärmar med demodata till PNG-filer (utan skärm)"
    )
    shots.add_argument("--out", metavar="MAPP", required=True, help="mapp för bilderna")
    cli_check.add_summary_command(sub)
    cli_catalogue.add_commands(sub)
    cli_backup.add_commands(sub)  # backup, restore (issue 5)
    cli_signing.add_commands(sub)  # certificate, verify (issue 4)
    cli_exchange.add_commands(sub)  # export, import, network (issue 5)
    cli_privacy.add_commands(sub)
    cli_stats.add_commands(sub)
    cli_report.add_commands(sub)
    from . import cli_keys, cli_recover

    cli_keys.add_commands(sub)
    cli_recover.add_commands(sub)
    from . import cli_sync

    cli_sync.add_commands(sub)  # issue 11: sync, invite, join
    _refuse_empty_paths(p)
    return p


_PATH_METAVARS = frozenset({"FIL", "MAPP", "FIL|MAPP"})


def _non_empty_path(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("är tom; ange en fil eller mapp")
    return text


def _refuse_empty_paths(parser: argparse.ArgumentParser) -> None:
    """Every FIL/MAPP argument refuses "" (a script's unset variable): Path("") is the
    current folder, so `--data-dir ""` meant the real data folder, `import ""` every
    package here, and `--out ""` ended in an internal error."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _refuse_empty_paths(child)
        elif action.metavar in _PATH_METAVARS and action.type is None:
            action.type = _non_empty_path


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


# Commands that make the data folder (and so its log); the window too.
CREATES_DATA = frozenset({None, "init", "demo", "join", "restore"})

# Commands that must not create a data folder (a typo in --data-dir leaves nothing behind).
NEEDS_EXISTING_DATA = frozenset(
    {
        "check",
        "summary",
        "catalogue",
        "backup",
        "export",
        "import",
        "network",
        "certificate",
        "verify",
        "stats",
        "keys",
        "recover",
    }
)


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    cmd = args.command
    handled = cli_report.run(args, data_dir)
    if handled is not None:
        return handled
    from . import cli_sync

    done = cli_sync.run(args, data_dir)
    if done is not None:
        return done
    if cmd in NEEDS_EXISTING_DATA | cli_privacy.COMMANDS:
        _require_existing(DataPaths(data_dir))
    if cmd == "keys":
        from . import cli_keys

        return cli_keys.run(args, data_dir) or EXIT_OK
    if cmd == "recover":
        from . import cli_recover

        return cli_recover.run(args, data_dir) or EXIT_OK
    # Each topic's run() answers None for a command that is not its own.
    for run_topic in (
        cli_privacy.run,
        cli_backup.run,
        cli_stats.run,
        cli_signing.run,
        cli_setup.run,
        cli_check.run,
        cli_catalogue.run,
        cli_exchange.run,
    ):
        if (result := run_topic(args, data_dir)) is not None:
            return result
    raise AssertionError(cmd)


def _self_test(report_file: Path | None) -> int:
    """Runs before any data folder is resolved: the self-test never touches the user's."""
    from .selftest import run_self_test

    try:
        return run_self_test(report_file)
    except OSError as exc:
        print(
            f"Självtestets rapport kunde inte skrivas till {report_file} "
            f"({os_error_text(exc)}). Välj en annan fil med --report.",
            file=sys.stderr,
        )
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
    print(f"{count_text(len(written), 'bild', 'bilder')} sparade i {out}.")
    return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at the null device, so the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit


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
    try:
        # Commands that need an existing folder must not create one (a typo in --data-dir).
        if args.command in CREATES_DATA or DataPaths(data_dir).db.exists():
            _setup_logging(data_dir)
        else:  # no log file: Python's last-resort handler would print records on stderr
            logging.getLogger().addHandler(logging.NullHandler())
        if args.command is None:
            _require_display()
            from .ui.app import run_gui

            return run_gui(data_dir)
        return _run(args, data_dir)
    except UserError as exc:
        log.info("user error in %s: %s", args.command, type(exc).__name__)
        print(exc.full_text(), file=sys.stderr)
        if hint := getattr(exc, "cli_hint", None):  # e.g. a damaged database: how to switch
            print(hint, file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_PROBLEM
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return EXIT_PROBLEM
    except BrokenPipeError:  # the reader stopped early (`… | head -1`): no traceback
        _silence_stdout()
        return EXIT_INTERNAL
    except OSError as exc:
        # The user's disk or the name they typed, not a fault in the program: pathlib's
        # exists()/is_dir() raise for a name the file system refuses, and any write can
        # meet a full disk.
        advice = _OS_PROBLEMS.get(exc.errno or 0)
        if advice is None:
            return _internal_error(args.command, data_dir)
        print(advice.format(name=_shorten(str(exc.filename or data_dir))), file=sys.stderr)
        return EXIT_PROBLEM
    except Exception:
        return _internal_error(args.command, data_dir)


_OS_PROBLEMS = {
    errno.ENAMETOOLONG: "Namnet är för långt för filsystemet: {name}. "
    "Välj ett kortare namn på filen eller mappen.",
    errno.ENOSPC: "Disken är full ({name}). Gör plats på disken, eller välj en annan "
    "plats, och försök igen.",
    errno.EDQUOT: "Diskkvoten är slut ({name}). Gör plats, eller välj en annan plats, "
    "och försök igen.",
    errno.EROFS: "Disken är skrivskyddad ({name}). Välj en annan plats, eller ta bort "
    "skrivskyddet (till exempel på USB-minnet), och försök igen.",
}


def _shorten(name: str) -> str:
    return name if len(name) <= 80 else f"{name[:40]}…{name[-30:]}"


def _internal_error(command: str | None, data_dir: Path) -> int:
    """Logged with the traceback; the user sees an error id and where the log is."""
    eid = error_id()
    log.exception("unexpected error in %s (fel-id %s)", command, eid)
    print(
        f"Ett oväntat fel inträffade (fel-id {eid}). "
        f"Detaljer finns i loggfilen {data_dir / 'logs' / 'handledare.log'}.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL
