"""`report` (the follow-up package to Coompanion) and `collect` (Coompanion reads them).

handledare-app report --period 2027H1 [--to MOTTAGARE] --out F.hpkg
handledare-app collect MAPP|FIL …            Coompanion: read the companies' reports
handledare-app collect --period 2027H1       Coompanion: who has reported, who is missing
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli_argparse_sv import UsageError
from .domain.errors import UserError

COMMANDS = frozenset({"report", "collect"})


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rp = sub.add_parser(
        "report",
        help="skriv uppföljningen för en period till Coompanion (utan namn, fritext och foton)",
    )
    rp.add_argument("--period", required=True, metavar="PERIOD", help="t.ex. 2027H1")
    rp.add_argument(
        "--to",
        metavar="MOTTAGARE",
        help="Coompanions installation (namn eller id i nätverksfilen); standard: den som "
        "signerade nätverksfilen",
    )
    rp.add_argument("--out", required=True, metavar="FIL", help="paketfilen som skrivs (.hpkg)")
    co = sub.add_parser(
        "collect",
        help="Coompanion: läs in företagens uppföljningsrapporter, eller visa vilka som saknas",
    )
    co.add_argument("files", nargs="*", metavar="FIL", help="rapporter eller mappar med rapporter")
    co.add_argument(
        "--period", metavar="PERIOD", help="visa vilka företag som har rapporterat för perioden"
    )


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command not in COMMANDS:
        return None
    from .cli import _open, _require_existing
    from .domain.followup import parse_period
    from .domain.swedish import count_text
    from .services.paths import DataPaths

    _require_existing(DataPaths(data_dir))
    if args.command == "report":
        from .services.report import ReportService

        period = parse_period(args.period)
        with _open(data_dir) as app:
            service = ReportService(app)
            recipient = args.to or service.default_recipient()
            if not recipient:
                raise UserError(
                    "Ange Coompanions installation med --to, eller läs in nätverksfilen från "
                    "Coompanion först (”handledare-app network import”)."
                )
            r = service.write(None, period, recipient, Path(args.out))
        print(
            f"Uppföljningen för {period.label} är skriven och kontrollerad: {r.path} "
            f"({count_text(r.counts.get('participant', 0), 'deltagare', 'deltagare')} under "
            f"pseudonym, {count_text(r.counts.get('placement', 0), 'placering', 'placeringar')}, "
            f"{count_text(r.counts.get('signed_module', 0), 'signerad modul', 'signerade moduler')}, "
            f"{count_text(r.counts.get('certificate', 0), 'intyg', 'intyg')} i registret)."
        )
        print(f"Kan öppnas av: {r.recipient} och den här datorn.")
        if r.before_end:
            print(r.before_end_note(), file=sys.stderr)
        if r.empty:
            print(
                f"Observera: perioden {period.label} är tom (inga placeringar eller "
                "signerade moduler). Rapporten talar om att företaget inte hade några.",
                file=sys.stderr,
            )
        return 0
    from .services.collection import CollectionService

    if bool(args.files) == bool(args.period):
        raise UsageError("Ange antingen filer eller mappar att läsa in, eller --period.")
    with _open(data_dir, backup_at_start=bool(args.files)) as app:
        collection = CollectionService(app)
        if args.period:
            period = parse_period(args.period)
            if not collection.is_coordinator():
                raise UserError(
                    "Bara Coompanions installation har en insamling att visa (den som "
                    "signerar nätverksfilen, eller som lades upp med ”init --samordnare”)."
                )
            companies = collection.companies(period)
            reported = [c for c in companies if c.reported]
            print(
                f"{period.label}: {len(reported)} av {len(companies)} företag i nätverksfilen "
                "har rapporterat."
            )
            for c in companies:
                mark = "rapporterat" if c.reported else "saknas"
                latest = (
                    f"senaste paket {c.latest_package} ({c.latest_period})"
                    if c.latest_package
                    else "inget paket än"
                )
                print(f"  {c.name}: {mark}; {latest}")
            return 0
        refused = 0
        for target in args.files:
            result = collection.read_folder(Path(target))
            for o in result.outcomes:
                print(f"{o.name}: {o.message}", file=sys.stderr if o.status == "refused" else None)
            refused += result.count("refused")
            print(
                f"{count_text(result.count('new'), 'ny rapport', 'nya rapporter')}, "
                f"{count_text(result.count('replaced'), 'rättad', 'rättade')}, "
                f"{result.count('unchanged')} redan inlästa, "
                f"{count_text(refused, 'avvisad', 'avvisade')}."
            )
        return 1 if refused else 0


def run_coordinator_demo(data_dir: Path) -> int:
    """`demo --samordnare`."""
    from .cli import _open
    from .services.demo import DEMO_PIN
    from .services.demo_collection import create_coordinator_demo

    with _open(data_dir) as app:
        r = create_coordinator_demo(app)
    print(
        f"Demodata skapad i {data_dir}: Coompanions installation med {r.reports} inlästa "
        f"rapporter från {r.companies} påhittade företag."
    )
    if r.missing_latest:
        print(f"Saknas för {r.latest_period}: {', '.join(r.missing_latest)}.")
    print(f"Administratören Cecilia Holm har PIN-koden {DEMO_PIN}.")
    return 0
