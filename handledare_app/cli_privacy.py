"""Privacy commands (issue 15): `registerutdrag`, `radera`, `gallra`.

Erasure and retention are admin-only: the admin's PIN is read from standard input (never
an argument); with several admins, `--admin` names which one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_stdin import read_secret
from .domain.errors import UserError

if TYPE_CHECKING:
    from .services.app import App

COMMANDS = frozenset({"registerutdrag", "radera", "gallra"})


def add_commands(sub: Any) -> None:
    ext = sub.add_parser(
        "registerutdrag",
        help="allt som finns om en deltagare, som PDF och JSON (registerutdrag)",
    )
    ext.add_argument("id", metavar="ID", help="deltagarens id")
    ext.add_argument("--out", required=True, metavar="MAPP", help="mappen utdraget skrivs i")
    era = sub.add_parser(
        "radera",
        help="radera en deltagares personuppgifter på alla datorer (administratör; PIN på "
        "standard in)",
    )
    era.add_argument("id", metavar="ID", help="deltagarens id")
    era.add_argument("--skal", required=True, metavar="TEXT", help="skälet till raderingen")
    era.add_argument(
        "--ja", action="store_true", help="radera nu (utan --ja visas bara vad som raderas)"
    )
    era.add_argument("--admin", metavar="NAMN", help="vilken administratör (om flera finns)")
    gal = sub.add_parser(
        "gallra",
        help="radera det som är äldre än arbetsplatsens gallringstid (administratör; PIN på "
        "standard in)",
    )
    gal.add_argument("--dry-run", action="store_true", help="visa bara vad som skulle gallras")
    gal.add_argument("--admin", metavar="NAMN", help="vilken administratör (om flera finns)")


def _admin(app: App, wanted: str | None) -> str:
    admins = [s for s in app.supervisors.list() if s.is_admin and s.active]
    if wanted:
        admins = [s for s in admins if wanted in (s.id, s.name)]
    if not admins:
        raise UserError("Ingen aktiv administratör med det namnet finns.")
    if len(admins) > 1:
        raise UserError("Det finns flera administratörer: ange vem med --admin NAMN.")
    pin = read_secret(f"PIN-kod för {admins[0].name}: ")
    return app.supervisors.login(admins[0].id, pin).id


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command not in COMMANDS:
        return None
    from .cli import _open  # start-up notices (a finished restore, an upgrade) on stderr

    # No backup at start: registerutdrag and the previews change nothing, and erasure and
    # retention take their own backup right before they change anything.
    with _open(data_dir, backup_at_start=False) as app:
        if args.command == "registerutdrag":
            return _extract(app, args)
        if args.command == "radera":
            return _erase(app, args)
        return _retention(app, args)


def _extract(app: App, args: argparse.Namespace) -> int:
    # The command line acts as the installation (like `certificate`): no login.
    files = app.register_extract.write_data(app.register_extract.data(args.id), Path(args.out))
    print(f"Registerutdraget är skrivet till {files.json_path.parent}:")
    print(f"  {files.pdf_path.name} (att lämna till deltagaren)")
    print(f"  {files.json_path.name} (maskinläsbart, med {files.files} filer i mappen filer)")
    return 0


def _erase(app: App, args: argparse.Namespace) -> int:
    preview = app.erasure.preview(args.id)
    if preview.already_erased:
        raise UserError("Deltagarens uppgifter är redan raderade.")
    print(f"Raderingen tar bort allt om {preview.name} på den här datorn och, vid nästa")
    print("synkronisering, på alla andra datorer och hos Coompanion:")
    for line in preview.lines:
        print(f"  - {line}")
    if not args.ja:
        print("Inget är raderat. Kör igen med --ja för att radera.")
        return 0
    actor = _admin(app, args.admin)
    outcome = app.erasure.erase(actor, args.id, args.skal)
    print(
        f"Raderat. {outcome.audit_entries} poster i granskningsloggen tömdes och "
        f"{outcome.blobs_removed} filer togs bort. En säkerhetskopia togs först; den "
        "innehåller fortfarande uppgifterna (se README om säkerhetskopior)."
    )
    return 0


def _retention(app: App, args: argparse.Namespace) -> int:
    due = app.retention.due()
    policy = app.retention.policy()
    print(
        f"Gallringstid: personuppgifter {policy.years} år och foton och filer "
        f"{policy.file_years} år efter avslutad placering."
    )
    print(f"Att gallra: {due.summary}")
    if args.dry_run or due.nothing:
        print("Inget är gallrat." if args.dry_run else "Det finns inget att gallra.")
        return 0
    actor = _admin(app, args.admin)
    outcome = app.retention.run(actor)
    print(
        f"Gallrat: {outcome.erased} deltagare, {outcome.files_removed} filer, "
        f"{outcome.backups_removed} säkerhetskopior; {outcome.blobs_removed} filer borttagna "
        "från datamappen."
    )
    return 0
