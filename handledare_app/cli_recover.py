"""`handledare-app recover [--bekrafta]`: a damaged database is switched to the newest good
backup only when asked (issue 14). Without --bekrafta it says what it found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rec = sub.add_parser(
        "recover", help="byt en skadad databas mot den senaste fungerande säkerhetskopian"
    )
    rec.add_argument(
        "--bekrafta",
        action="store_true",
        help="byt nu (den skadade filen sparas och ändringar efter kopian listas bredvid)",
    )


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command != "recover":
        return None
    from .services.app import DatabaseDamagedError, open_app

    try:
        with open_app(data_dir, use_backup=args.bekrafta, backup_at_start=False) as app:
            notices = app.startup.notices
    except DatabaseDamagedError as exc:
        print(exc.full_text(), file=sys.stderr)
        print(exc.cli_hint, file=sys.stderr)
        return 1
    if app.startup.restored_from is None:
        print("Databasen är hel. Inget har ändrats.")
        return 0
    for notice in notices:
        print(notice)
    return 0
