"""The one entry point: `handledare-app`. Without a sub-command it opens the window.

Expected problems print a Swedish message on stderr and exit non-zero;
unexpected ones are logged (with traceback) to the data folder's logs/.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, cli_badges, cli_privacy, cli_report, cli_stats
from .cli_argparse_sv import install as _install_swedish_argparse
from .domain.errors import UserError
from .domain.records import CheckProblem
from .domain.swedish import count_text
from .services.log_privacy import PrivateFormatter, error_id
from .services.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from .services.app import App

log = logging.getLogger("handledare_app")

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _setup_logging(data_dir: Path) -> None:
    """File log without personal data: ids and error types only."""
    try:
        (data_dir / "logs").mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            data_dir / "logs" / "handledare.log",
            maxBytes=1_000_000,
            backupCount=5,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def build_parser() -> argparse.ArgumentParser:
    _install_swedish_argparse()
    p = argparse.ArgumentParser(
        prog="handledare-app",
        description="Handledarappen: validering med OCN-metoden på arbetsintegrerande "
        "sociala företag. Utan underkommando öppnas fönstret.",
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"Handledarappen {__version__}",
        help="visa programmets version och avsluta",
    )
    p.add_argument(
        "--data-dir",
        metavar="MAPP",
        help="datamapp (annars HANDLEDARE_DATA_DIR eller standardplatsen)",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="kontrollera att programmet fungerar, i en tillfällig datamapp (dina data "
        "rörs inte); rapporten skrivs som JSON; slutkod 0 om allt fungerar, annars 1",
    )
    p.add_argument(
        "--report",
        metavar="FIL",
        help="skriv självtestets rapport till FIL i stället för till standard ut",
    )
    sub = p.add_subparsers(dest="command", metavar="KOMMANDO", title="underkommandon")

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

    check_p = sub.add_parser(
        "check", help="kontrollera databas, granskningslogg, signaturer och filer"
    )
    check_p.add_argument(
        "--repair-triggers",
        action="store_true",
        help="sätt tillbaka databasskydd (triggrar) som saknas eller har ändrats",
    )
    # ui-list: screenshots of every screen, with demo data in a temporary folder
    shots = sub.add_parser(
        "screenshots", help="rita alla skärmar med demodata till PNG-filer (utan skärm)"
    )
    shots.add_argument("--out", metavar="MAPP", required=True, help="mapp för bilderna")

    summary = sub.add_parser("summary", help="antal och kontrollsumma per posttyp")
    summary.add_argument("--json", action="store_true", help="skriv ut som JSON")

    cat = sub.add_parser("catalogue", help="läs in eller exportera en kriteriebank")
    cat_sub = cat.add_subparsers(dest="catalogue_command", metavar="ÅTGÄRD", required=True)
    ci = cat_sub.add_parser("import", help="läs in en katalogfil (JSON)")
    ci.add_argument("file", metavar="FIL")
    ce = cat_sub.add_parser("export", help="skriv kriteriebanken till en fil (JSON)")
    ce.add_argument("file", metavar="FIL")

    # Backups (issue 5).
    bk = sub.add_parser("backup", help="lista eller gör säkerhetskopior")
    bk_sub = bk.add_subparsers(dest="backup_command", metavar="ÅTGÄRD", required=True)
    bk_sub.add_parser("list", help="lista de automatiska säkerhetskopiorna")
    bc = bk_sub.add_parser(
        "create",
        help="gör en säkerhetskopia nu; med --to en krypterad kopia av hela installationen",
    )
    bc.add_argument("--to", metavar="FIL", help="skriv en krypterad kopia (.hkopia) hit")
    bc.add_argument("--passphrase-file", metavar="FIL", help="fil vars första rad är lösenfrasen")
    rs = sub.add_parser(
        "restore", help="återställ en installation från en krypterad kopia till --data-dir"
    )
    rs.add_argument("file", metavar="FIL")
    rs.add_argument(
        "--passphrase-file", metavar="FIL", required=True, help="fil vars första rad är lösenfrasen"
    )
    rs.add_argument(
        "--ersatt",
        action="store_true",
        help="ersätt en befintlig installation i datamappen (den flyttas undan, raderas inte)",
    )
    _add_signing_commands(sub)
    _add_exchange_commands(sub)
    cli_stats.add_commands(sub)
    cli_report.add_commands(sub)
    from . import cli_keys, cli_recover

    cli_keys.add_commands(sub)
    cli_recover.add_commands(sub)
    from . import cli_sync

    cli_sync.add_commands(sub)  # issue 11: sync, invite, join
    return p


# --- exchange (issue 5) ---------------------------------------------------------------


def _add_exchange_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    cli_privacy.add_commands(sub)


def _read_passphrase_opt(path: str | None) -> str | None:
    return None if path is None else _read_passphrase(path)


def _read_passphrase(path: str) -> str:
    from .services.files import read_user_file

    raw = read_user_file(Path(path), "Lösenfrasfilen", 64 * 1024)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("Lösenfrasfilen är inte text (UTF-8).") from None
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line:
        raise UserError("Lösenfrasfilen är tom: skriv lösenfrasen på första raden.")
    return first_line


def _run_backup(args: argparse.Namespace, data_dir: Path) -> int:
    """`backup list|create` and `restore`."""
    from .services.backups import size_text

    if args.command == "restore":
        from .services import installation_copy

        passphrase = _read_passphrase(args.passphrase_file)
        r = installation_copy.restore_copy(
            Path(args.file), passphrase, data_dir, replace=args.ersatt
        )
        print(
            f"Klart: installationen är återställd i {data_dir} från kopian "
            f"{r.created_at.astimezone():%Y-%m-%d %H:%M} "
            f"({count_text(r.photos, 'bild eller fil', 'bilder och filer')})."
        )
        if r.replaced_database is not None:
            print(f"Den tidigare databasen finns kvar som {r.replaced_database.name}.")
        return EXIT_OK
    if args.backup_command == "list":
        with _open(data_dir, backup_at_start=False) as app:
            entries = app.backups.list()
        if not entries:
            print("Det finns inga säkerhetskopior än.")
        for e in entries:
            print(f"{e.local_time_text}  {e.reason_label:28} {size_text(e.size):>10}  {e.name}")
        return EXIT_OK
    if args.to is None:
        if args.passphrase_file is not None:
            raise UserError("--passphrase-file används bara tillsammans med --to.")
        with _open(data_dir, backup_at_start=False) as app:
            info = app.backup_now("manuell")
        print(f"Säkerhetskopian är klar och kontrollerad: {info.path}")
        return EXIT_OK
    if args.passphrase_file is None:
        raise UserError("Ange lösenfrasen med --passphrase-file när du använder --to.")
    from .services import installation_copy

    passphrase = _read_passphrase(args.passphrase_file)
    installation_copy.check_passphrase(passphrase)
    with _open(data_dir, backup_at_start=False) as app:
        result = installation_copy.write_copy(app.paths, Path(args.to), passphrase)
    print(
        f"Den krypterade kopian är skriven och kontrollerad: {result.path} "
        f"({size_text(result.size)}, {count_text(result.photos, 'bild eller fil', 'bilder och filer')})."
    )
    return EXIT_OK


def _run_exchange(args: argparse.Namespace, app: App) -> int:
    if args.command == "export":
        if args.to and args.passphrase_file:
            raise UserError("Ange antingen --to eller --passphrase-file, inte båda.")
        result = app.exchange.export(
            Path(args.out),
            profile=args.profile,
            recipients=args.to,
            passphrase=_read_passphrase_opt(args.passphrase_file),
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
    passphrase = _read_passphrase_opt(args.passphrase_file)
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


# --- certificates and verification (issue 4) ------------------------------------------

# `verify` answers with its own exit code per verdict (a malformed code is exit 1).
VERIFY_EXIT = {"valid": 0, "unknown": 3, "revoked": 4, "altered": 5}


def _add_signing_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _run_signing(args: argparse.Namespace, data_dir: Path) -> int:
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


class UsageError(UserError):
    """Wrong combination of arguments (exit 2)."""


def _read_pin() -> str:
    if sys.stdin is None:
        raise UserError("PIN-koden ska skickas på standard in, inte som argument.")
    if sys.stdin.isatty():
        pin = getpass.getpass("PIN-kod för administratören: ")
        again = getpass.getpass("Upprepa PIN-koden: ")
        if pin != again:
            raise UserError("PIN-koderna är olika. Försök igen.")
        return pin
    return sys.stdin.readline().strip()


def _require_display() -> None:
    """Qt aborts with an English fatal error without a display; say it in Swedish first."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise UserError(
            "Ingen skärm hittades, så fönstret kan inte öppnas. Starta appen från "
            "skrivbordet, eller använd kommandona (se handledare-app --help)."
        )


def _require_existing(paths: DataPaths) -> None:
    if not paths.db.exists():
        raise UserError(
            f"Det finns ingen databas i datamappen {paths.root}. Starta appen eller kör "
            "”handledare-app init” först."
        )


@contextmanager
def _open(data_dir: Path, *, backup_at_start: bool = True) -> Iterator[App]:
    """open_app, with start-up notices (e.g. a restored backup) shown on stderr."""
    from .services.app import open_app

    with open_app(data_dir, backup_at_start=backup_at_start) as app:
        for notice in app.startup.notices:
            print(f"Observera: {notice}", file=sys.stderr)
        yield app


# Commands that must not create a data folder (a typo in --data-dir leaves nothing behind).
NEEDS_EXISTING_DATA = frozenset(
    {
        "check",
        "summary",
        "catalogue",
        "backup",
        "export",
        "import",
        "network",
        "certificate",
        "verify",
        "stats",
        "keys",
        "recover",
    }
)


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    cmd = args.command
    handled = cli_report.run(args, data_dir)
    if handled is not None:
        return handled
    from . import cli_sync

    done = cli_sync.run(args, data_dir)
    if done is not None:
        return done
    if cmd in NEEDS_EXISTING_DATA | cli_privacy.COMMANDS:
        _require_existing(DataPaths(data_dir))
    if (done := cli_privacy.run(args, data_dir)) is not None:
        return done
    if cmd in ("backup", "restore"):
        return _run_backup(args, data_dir)
    if (result := cli_stats.run(args, data_dir)) is not None:
        return result
    if cmd == "keys":
        from . import cli_keys

        return cli_keys.run(args, data_dir) or EXIT_OK
    if cmd == "recover":
        from . import cli_recover

        return cli_recover.run(args, data_dir) or EXIT_OK
    if cmd in ("certificate", "verify"):
        return _run_signing(args, data_dir)
    if cmd == "init":
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
    if cmd == "demo":
        from .services.demo import DEMO_PIN, create_demo

        if not 1 <= args.deltagare <= 20_000:
            raise UserError("Antalet deltagare ska vara mellan 1 och 20 000.")
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
    if cmd == "check":
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
    if cmd == "summary":
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
    if cmd == "catalogue":
        with _open(data_dir) as app:
            if args.catalogue_command == "import":
                imported = app.catalogue.import_file(Path(args.file))
                print(
                    f"Kriteriebanken ”{imported.catalogue.name}” version "
                    f"{imported.catalogue.version} är inläst: "
                    f"{count_text(imported.modules_added, 'ny modul', 'nya moduler')}, "
                    f"{imported.modules_unchanged} oförändrade, "
                    f"{count_text(imported.areas_added, 'nytt verksamhetsområde', 'nya verksamhetsområden')}."
                )
            else:
                n = app.catalogue.export_file(Path(args.file))
                print(f"{count_text(n, 'modul', 'moduler')} exporterade till {args.file}.")
        return EXIT_OK
    if cmd in ("export", "import", "network"):
        with _open(data_dir, backup_at_start=cmd != "import") as app:
            return _run_exchange(args, app)
    raise AssertionError(cmd)


def _self_test(report_file: Path | None) -> int:
    """Runs before any data folder is resolved: the self-test never touches the user's."""
    from .selftest import run_self_test

    try:
        return run_self_test(report_file)
    except OSError as exc:
        print(f"Självtestets rapport kunde inte skrivas: {exc}", file=sys.stderr)
        return EXIT_PROBLEM


def _screenshots(out: Path) -> int:
    """Demo data in its own temporary folder; prints every file written."""
    from .ui.screenshots import run_screenshots

    try:
        written = run_screenshots(out)
    except UserError as exc:
        print(exc.full_text(), file=sys.stderr)
        return EXIT_PROBLEM
    for path in written:
        print(path)
    print(f"{count_text(len(written), 'bild', 'bilder')} sparade i {out}.")
    return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at the null device, so the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.report is not None and not args.self_test:
        parser.error("--report används bara tillsammans med --self-test")
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test kan inte kombineras med ett underkommando")
        return _self_test(Path(args.report) if args.report is not None else None)
    if args.command == "screenshots":  # ui-list: never touches a data folder
        return _screenshots(Path(args.out))
    data_dir = resolve_data_dir(args.data_dir)
    # Commands that need an existing folder must not create one (a typo in --data-dir).
    if args.command in (None, "init", "demo") or DataPaths(data_dir).db.exists():
        _setup_logging(data_dir)
    try:
        if args.command is None:
            _require_display()
            from .ui.app import run_gui

            return run_gui(data_dir)
        return _run(args, data_dir)
    except UserError as exc:
        log.info("user error in %s: %s", args.command, type(exc).__name__)
        print(exc.full_text(), file=sys.stderr)
        if hint := getattr(exc, "cli_hint", None):  # e.g. a damaged database: how to switch
            print(hint, file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_PROBLEM
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return EXIT_PROBLEM
    except BrokenPipeError:  # the reader stopped early (`… | head -1`): no traceback
        _silence_stdout()
        return EXIT_INTERNAL
    except Exception:
        eid = error_id()
        log.exception("unexpected error in %s (fel-id %s)", args.command, eid)
        print(
            f"Ett oväntat fel inträffade (fel-id {eid}). "
            f"Detaljer finns i loggfilen {data_dir / 'logs' / 'handledare.log'}.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
