"""`sync DIR`, `invite --out F`, `join FILE` and `remove-computer NAMN` (issue 11)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .cli_argparse_sv import UsageError
from .cli_stdin import read_secret
from .domain.errors import UserError
from .services.paths import DataPaths

COMMANDS = ("sync", "invite", "join", "remove-computer")


def add_commands(sub: Any) -> None:
    s = sub.add_parser(
        "sync", help="synkronisera med arbetsplatsens andra datorer genom en mapp (USB-minne)"
    )
    s.add_argument("folder", metavar="MAPP", nargs="?", help="mappen (annars den senast valda)")
    i = sub.add_parser("invite", help="bjud in en ny dator till arbetsplatsen (skriver koden sist)")
    i.add_argument("--out", required=True, metavar="FIL", help="inbjudningsfilen att skriva")
    i.add_argument("--dagar", type=int, default=7, metavar="N", help="hur länge den gäller (7)")
    j = sub.add_parser(
        "join", help="anslut den här datorn till en arbetsplats (koden på standard in)"
    )
    j.add_argument("file", metavar="FIL", help="inbjudningsfilen")
    j.add_argument("--namn", default="", metavar="NAMN", help="den här datorns namn")
    r = sub.add_parser(
        "remove-computer",
        help="ta bort en dator som inte längre används ur arbetsplatsen (den blir inte "
        "längre mottagare, dess paket städas bort ur synkmappen)",
    )
    r.add_argument("computer", metavar="DATOR", help="datorns namn eller id")


def _read_code() -> str:
    return read_secret("Koden från inbjudan: ")


def _exists(data_dir: Path) -> None:
    if not DataPaths(data_dir).db.exists():
        raise UserError(f"Det finns ingen installation i {data_dir}. Kontrollera --data-dir.")


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    """The exit code, or None when the command is not one of these."""
    if args.command not in COMMANDS:
        return None
    from .cli import _open

    if args.command == "join":
        code = _read_code()
        with _open(data_dir, backup_at_start=False) as app:
            name = args.namn or "Ny dator"
            r = app.joining.join(Path(args.file), code, name)
        print(
            f"Klart: datorn hör nu till {r.workplace_name} (inbjuden av {r.inviter_name}): "
            f"{r.supervisors} handledare och {r.participants} deltagare. Synkronisera en "
            "gång så att den andra datorn känner igen den här."
        )
        return 0
    _exists(data_dir)
    with _open(data_dir) as app:
        if args.command == "remove-computer":
            from .services.retirement import retire

            name = retire(app, None, args.computer)
            print(
                f"{name} är borttagen ur arbetsplatsen. De andra datorerna får veta det vid "
                "nästa synkronisering."
            )
            return 0
        if args.command == "invite":
            inv = app.joining.invite(None, Path(args.out), days=args.dagar)
            print(f"Inbjudan är skriven: {inv.path} (gäller till {inv.expires_at[:10]}).")
            print("Skriv in koden på den nya datorn. Koden fungerar en gång:")
            print(inv.code)
            return 0
        folder = Path(args.folder) if args.folder else app.sync.folder()
        if folder is None:
            raise UsageError("Ange mappen att synkronisera genom, till exempel USB-minnet.")
        report = app.sync.run(folder)
    for line in report.lines():
        print(line)
    return 0
