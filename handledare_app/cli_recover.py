"""`handledare-app recover [--bekrafta]`: a damaged database is switched to the newest good
backup only when asked (issue 14). Without --bekrafta it says what it found."""

from __future__ import annotations

import argparse
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
    from .services.app import open_app

    # A damaged database without --bekrafta raises DatabaseDamagedError, a UserError:
    # main() prints its text and cli_hint and returns 1.
    with open_app(data_dir, use_backup=args.bekrafta, backup_at_start=False) as app:
        notices = app.startup.notices
    if app.startup.restored_from is None:
        print("Databasen är hel. Inget har ändrats.")
        return 0
    for notice in notices:
        print(notice)
    return 0
