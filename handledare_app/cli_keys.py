"""`handledare-app keys new-installation --bekrafta`: the deliberate way out when keys/
is lost (issue 14): new keys for this laptop instead of a silent identity change."""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_argparse_sv import UsageError


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="den här datorns nycklar")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="KOMMANDO")
    new = keys_sub.add_parser(
        "new-installation",
        help="ge datorn nya nycklar med avsikt (när mappen keys är förlorad)",
    )
    new.add_argument(
        "--bekrafta",
        action="store_true",
        help="jag förstår att datorn blir en ny installation för de andra datorerna",
    )


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command != "keys":
        return None
    from .services.identity import make_new_installation

    if not args.bekrafta:
        raise UsageError(
            "Lägg till --bekrafta: datorn får nya nycklar och blir en ny installation för de "
            "andra datorerna. Inget har ändrats."
        )
    keys = make_new_installation(data_dir)
    print(f"Datorn har nya nycklar. Nytt fingeravtryck: {keys.fingerprint}.")
    print(
        "Skicka en ny nätverksfil (”handledare-app network export”) till de andra datorerna; "
        "förrän de läst in den tar de inte emot paket härifrån."
    )
    return 0
