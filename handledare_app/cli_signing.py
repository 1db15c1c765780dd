"""Certificate commands (issue 4): `certificate` writes a participant's certificate as a
PDF (one, or all with --all; with --open-badges also the digital badges), and `verify`
checks a certificate by its code or a digital certificate file, answering with an exit
code per verdict (VERIFY_EXIT).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import cli_badges
from .cli_argparse_sv import UsageError
from .domain.swedish import count_text

# `verify` answers with its own exit code per verdict (a malformed code is exit 1).
VERIFY_EXIT = {"valid": 0, "unknown": 3, "revoked": 4, "altered": 5}


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cert = sub.add_parser(
        "certificate",
        help="skriv en deltagares intyg som PDF (ID = deltagarens id eller intygets kontrollkod)",
    )
    cert.add_argument("id", nargs="?", metavar="ID", help="deltagarens id eller en intygskod")
    cert.add_argument(
        "--all", action="store_true", help="intyg för alla deltagare med en signerad modul"
    )
    cert.add_argument("--out", metavar="FIL|MAPP", help="PDF-fil (eller mapp med --all)")
    cli_badges.add_certificate_option(cert)
    verify = sub.add_parser(
        "verify", help="kontrollera ett intyg med dess kontrollkod eller ett digitalt intyg"
    )
    verify.add_argument(
        "code",
        metavar="KOD|FIL",
        help="kontrollkoden, t.ex. 7K3QD-M9X2F, eller en fil med ett digitalt intyg "
        "(.jwt, .json eller märkesbild .png)",
    )
    cli_badges.add_verify_option(verify)


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command not in ("certificate", "verify"):
        return None
    from .cli import EXIT_OK, _open

    if args.command == "certificate":
        if args.all == (args.id is not None):
            raise UsageError("Ange antingen ett ID eller --all.")
        if args.out is None and (args.all or args.open_badges is None):
            raise UsageError("Ange --out (och/eller --open-badges MAPP för ett intyg).")
        with _open(data_dir) as app:
            if args.all:
                written = app.certificates.write_all(None, Path(args.out))
                for info, path in written:
                    print(f"{path.name}: {info.display_code}")
                if args.open_badges is not None:
                    ids = [info.id for info, _path in written]
                    cli_badges.write_all_badges(app, ids, Path(args.open_badges))
                print(f"{count_text(len(written), 'intyg', 'intyg')} skrivna till {args.out}.")
                return EXIT_OK
            participant_id = app.certificates.resolve_participant(args.id)
            if args.out is None:
                info = app.certificates.issue(None, participant_id)
            else:
                info = app.certificates.write(None, participant_id, Path(args.out))
            if args.open_badges is not None:
                cli_badges.write_badges(app, info.id, Path(args.open_badges))
        prelim = " (preliminärt: väntar på kvalitetssäkring)" if info.preliminary else ""
        where = " och ".join(str(d) for d in (args.out, args.open_badges) if d is not None)
        print(f"Intyget {info.display_code} är skrivet till {where}{prelim}.")
        return EXIT_OK
    with _open(data_dir, backup_at_start=False) as app:
        result = cli_badges.verify(app, args.code)
        recipient = cli_badges.check_recipient(app, args.code, args.namn)
    print(f"{result.code}: {result.label.upper()}")
    if result.participant_name:
        print(f"Deltagare: {result.participant_name}")
    if result.module_titles:
        print(f"Moduler: {', '.join(result.module_titles)}")
    print(result.explanation)
    return cli_badges.report_recipient(recipient) or VERIFY_EXIT[result.verdict.value]
