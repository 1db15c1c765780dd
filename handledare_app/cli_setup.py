"""Setting up a data folder from the command line: `init` makes an installation without
the wizard (the first administrator's PIN is read from standard input, never an
argument), and `demo` fills an empty data folder with made-up demo data (or, with
--samordnare, Coompanion's installation with twelve made-up companies' reports).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_argparse_sv import UsageError
from .cli_stdin import read_secret
from .domain.swedish import count_text


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = sub.add_parser(
        "init", help="lägg upp en installation utan guiden (PIN läses från stdin)"
    )
    init.add_argument("--workplace", required=True, metavar="NAMN", help="arbetsplatsens namn")
    init.add_argument("--installation", required=True, metavar="NAMN", help="den här datorns namn")
    init.add_argument("--admin", required=True, metavar="NAMN", help="första administratören")
    init.add_argument(
        "--utan-exempelkatalog", action="store_true", help="läs inte in exempelkatalogen"
    )
    init.add_argument(
        "--samordnare",
        action="store_true",
        help="Coompanions installation: samlar in företagens uppföljningar (Insamling)",
    )

    demo = sub.add_parser("demo", help="fyll en tom datamapp med påhittade demodata")
    demo.add_argument(
        "--deltagare", type=int, default=42, metavar="N", help="antal deltagare (standard 42)"
    )
    demo.add_argument(
        "--samordnare",
        action="store_true",
        help="Coompanions installation med insamlade rapporter från tolv påhittade företag",
    )


def _read_pin() -> str:
    return read_secret("PIN-kod för administratören: ", confirm="Upprepa PIN-koden: ")


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command == "init":
        return _init(args, data_dir)
    if args.command == "demo":
        return _demo(args, data_dir)
    return None


def _init(args: argparse.Namespace, data_dir: Path) -> int:
    from .cli import EXIT_OK, _open
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
        if args.samordnare:
            from .services.collection import CollectionService

            CollectionService(app).mark_coordinator()
        wp = app.setup.workplace()
    print(f"Klart: {wp.name} är upplagd i {data_dir}.")
    return EXIT_OK


def _demo(args: argparse.Namespace, data_dir: Path) -> int:
    from .cli import EXIT_OK, _open
    from .services.demo import DEMO_PIN, create_demo

    if not 1 <= args.deltagare <= 20_000:
        raise UsageError("Antalet deltagare ska vara mellan 1 och 20 000.")
    if args.samordnare:
        from .cli_report import run_coordinator_demo

        return run_coordinator_demo(data_dir)
    with _open(data_dir) as app:
        r = create_demo(app, participants=args.deltagare)
    print(
        f"Demodata skapad i {data_dir}: {r.participants} deltagare, {r.supervisors} "
        f"handledare, {r.evidence} bevis ({count_text(r.photos, 'foto', 'foton')}), "
        f"{count_text(r.modules_complete, 'modul', 'moduler')} klara för signering."
    )
    print(
        f"Varav {count_text(r.modules_signed, 'signerad', 'signerade')}, "
        f"{count_text(r.qa_decisions, 'granskad', 'granskade')} av kvalitetssäkrare och "
        f"{count_text(r.certificates, 'utfärdat intyg', 'utfärdade intyg')}."
    )
    print(f"Alla demohandledare har PIN-koden {DEMO_PIN}.")
    return EXIT_OK
