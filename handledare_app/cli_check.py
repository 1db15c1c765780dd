"""Looking at a data folder's integrity from the command line: `check` checks the
database, audit log, signatures and files (and can put back missing database triggers),
and `summary` prints the count and a checksum per record type (or JSON), for comparing
two computers. `add_check_command` and `add_summary_command` are separate because
`screenshots` sits between them in the help.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .domain.records import CheckProblem


def add_check_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check_p = sub.add_parser(
        "check", help="kontrollera databas, granskningslogg, signaturer och filer"
    )
    check_p.add_argument(
        "--repair-triggers",
        action="store_true",
        help="sätt tillbaka databasskydd (triggrar) som saknas eller har ändrats",
    )


def add_summary_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    summary = sub.add_parser("summary", help="antal och kontrollsumma per posttyp")
    summary.add_argument("--json", action="store_true", help="skriv ut som JSON")


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command == "check":
        return _check(args, data_dir)
    if args.command == "summary":
        return _summary(args, data_dir)
    return None


def _check(args: argparse.Namespace, data_dir: Path) -> int:
    from .cli import EXIT_OK, EXIT_PROBLEM, _open

    with _open(data_dir, backup_at_start=False) as app:
        if getattr(args, "repair_triggers", False):
            from .services.tamper_check import repair_triggers

            for name in repair_triggers(app):
                print(f"Databasskyddet {name} är tillbaka.")
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


def _summary(args: argparse.Namespace, data_dir: Path) -> int:
    from .cli import EXIT_OK, _open

    with _open(data_dir, backup_at_start=False) as app:
        digests = app.summary.entity_digests()
    if args.json:
        print(json.dumps(digests, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        from .services.exchange_schema import entity_label

        print(f"{'Uppgifter':40} {'Antal':>8}  Kontrollsumma")
        for entity, d in sorted(digests.items()):
            print(f"{entity_label(entity).capitalize():40} {d['count']:8}  {d['sha256'][:16]}")
    return EXIT_OK
