"""Exchange commands (issue 5): `export` writes an encrypted, signed package, `import`
reads packages (or previews them with --dry-run) and says what changed, and `network`
imports, exports or shows the signed network file of trusted computers. The passphrase
for a package is read from a file (see `cli_backup.read_passphrase`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_argparse_sv import UsageError
from .cli_backup import read_passphrase_opt
from .domain.errors import UserError
from .domain.swedish import count_text

if TYPE_CHECKING:
    from .services.app import App

COMMANDS = frozenset({"export", "import", "network"})


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ex = sub.add_parser("export", help="skriv ett krypterat, signerat paket (.hpkg)")
    ex.add_argument(
        "--profile",
        required=True,
        choices=("exchange", "report", "backup"),
        help="exchange: utbyte mellan datorer; report: till Coompanion utan namn och "
        "fritext; backup: allt, bara till den här datorn",
    )
    ex.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="MOTTAGARE",
        help="installationens namn eller id i nätverksfilen, eller en age-nyckel (age1…); "
        "kan upprepas",
    )
    ex.add_argument(
        "--passphrase-file",
        metavar="FIL",
        help="kryptera med lösenfrasen i FIL i stället (paket upp till 50 MB)",
    )
    ex.add_argument(
        "--participant",
        action="append",
        default=[],
        metavar="ID",
        help="bara den här deltagaren och allt som hör till (kan upprepas)",
    )
    ex.add_argument("--out", required=True, metavar="FIL", help="paketfilen som skrivs")

    im = sub.add_parser("import", help="läs in paket; skriver vad som ändrades")
    im.add_argument("files", nargs="+", metavar="FIL", help="paket eller mappar med paket")
    im.add_argument("--dry-run", action="store_true", help="kontrollera och visa, ändra inget")
    im.add_argument("--passphrase-file", metavar="FIL", help="lösenfrasen för paketen")
    im.add_argument(
        "--trust-fingerprint",
        metavar="FINGERAVTRYCK",
        help="administratörens beslut: lita på avsändaren med exakt detta fingeravtryck",
    )

    net = sub.add_parser("network", help="nätverksfilen: vilka datorer som litas på")
    net_sub = net.add_subparsers(dest="network_command", metavar="ÅTGÄRD", required=True)
    ni = net_sub.add_parser("import", help="läs in en signerad nätverksfil")
    ni.add_argument("file", metavar="FIL")
    ni.add_argument(
        "--trust-fingerprint",
        metavar="FINGERAVTRYCK",
        help="första gången: avsändarens fingeravtryck, kontrollerat med avsändaren",
    )
    ne = net_sub.add_parser(
        "export", help="signera och skriv en nätverksfil från den här datorn (administratör)"
    )
    ne.add_argument("file", metavar="FIL")
    ne.add_argument(
        "--revoke",
        action="append",
        default=[],
        metavar="NYCKEL",
        help="spärra en installation: namn, id, fingeravtryck eller publik nyckel",
    )
    net_sub.add_parser("show", help="visa nätverksfilen och den här datorns fingeravtryck")


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command not in COMMANDS:
        return None
    from .cli import _open

    with _open(data_dir, backup_at_start=args.command != "import") as app:
        return _run_exchange(args, app)


def _run_exchange(args: argparse.Namespace, app: App) -> int:
    from .cli import EXIT_OK

    if args.command == "export":
        if args.to and args.passphrase_file:
            raise UsageError("Ange antingen --to eller --passphrase-file, inte båda.")
        result = app.exchange.export(
            Path(args.out),
            profile=args.profile,
            recipients=args.to,
            passphrase=read_passphrase_opt(args.passphrase_file),
            participants=args.participant,
        )
        from .services.exchange_readers import megabytes, who_can_open

        print(
            f"Paketet är skrivet och kontrollerat: {result.path} "
            f"({count_text(result.records, 'post', 'poster')}, "
            f"{count_text(result.blobs, 'bifogad fil', 'bifogade filer')}, "
            f"{megabytes(result.size)})."
        )
        print(f"Kan öppnas av: {who_can_open(result.recipients, args.profile)}.")
        return EXIT_OK
    if args.command == "import":
        return _run_import(args, app)
    trust = app.exchange.trust
    if args.network_command == "import":
        info = trust.import_network(None, Path(args.file), trust_fingerprint=args.trust_fingerprint)
        print(
            f"Nätverksfilen från {info.signer_name} ({info.issued_at[:10]}) är inläst: "
            f"{count_text(info.installations, 'installation', 'installationer')}, "
            f"{count_text(info.workplaces, 'arbetsplats', 'arbetsplatser')}, "
            f"{count_text(info.revoked, 'spärrad nyckel', 'spärrade nycklar')}."
        )
        return EXIT_OK
    if args.network_command == "export":
        info = trust.export_network(Path(args.file), revoke=args.revoke)
        print(
            f"Nätverksfilen är signerad och skriven till {args.file}: "
            f"{count_text(info.installations, 'installation', 'installationer')}, "
            f"{count_text(info.revoked, 'spärrad nyckel', 'spärrade nycklar')}."
        )
        print(
            f"Den här datorns fingeravtryck (mottagarna kontrollerar det): {info.signer_fingerprint}"
        )
        return EXIT_OK
    print(f"Den här datorns fingeravtryck: {app.keys.fingerprint}")
    print(f"Den här datorns mottagarnyckel: {app.keys.age_recipient}")
    net = trust.network_info()
    if net is None:
        print("Ingen nätverksfil är inläst.")
    else:
        print(
            f"Nätverksfil från {net.signer_name} ({net.issued_at[:10]}), {net.signer_fingerprint}"
        )
    for inst in trust.installations():
        mark = " (den här datorn)" if inst.is_self else ""
        print(f"  {inst.label}{mark}: {inst.fingerprint}  id {inst.id}")
    return EXIT_OK


def _run_import(args: argparse.Namespace, app: App) -> int:
    from .cli import EXIT_OK, EXIT_PROBLEM

    passphrase = read_passphrase_opt(args.passphrase_file)
    rejected = 0
    files: list[Path] = []
    for name in args.files:
        try:
            files.extend(app.exchange.package_files(Path(name)))
        except UserError as exc:
            print(f"{name}: {exc.full_text()}", file=sys.stderr)
            rejected += 1
    for path in files:
        try:
            if args.dry_run:
                report = app.exchange.preview(
                    path, passphrase=passphrase, trust_fingerprint=args.trust_fingerprint
                )
            else:
                report = app.exchange.import_file(
                    path, passphrase=passphrase, trust_fingerprint=args.trust_fingerprint
                )
        except UserError as exc:
            print(f"{path.name}: {exc.full_text()}", file=sys.stderr)
            if hint := getattr(exc, "cli_hint", None):  # as main() does for one error
                print(hint, file=sys.stderr)
            rejected += 1
            continue
        if report.already_imported:
            print(f"{path.name}: paketet är redan inläst. Inget ändrades.")
            continue
        head = "provläsning, inget har ändrats" if args.dry_run else "inläst"
        print(f"{path.name}: {head} (från {report.sender}, profil {report.profile}).")
        for line in report.lines():
            print(f"  {line}")
        if report.blocked:
            print(
                f"  Observera: {count_text(report.blocked, 'post', 'poster')} spärrades och "
                "behöver granskas av en person (se Konflikter)."
            )
    if rejected:
        print(
            f"{count_text(rejected, 'fil', 'filer')} kunde inte läsas in; se meddelandena ovan.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    return EXIT_OK
