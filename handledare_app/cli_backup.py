"""Backup commands (issue 5): `backup list` shows the automatic backups, `backup create`
makes one now (or, with --to, writes an encrypted copy of the whole installation), and
`restore` brings an installation back from such a copy into --data-dir. Also reads the
passphrase files that `backup`, `restore`, `export` and `import` take.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .cli_argparse_sv import UsageError
from .domain.errors import UserError
from .domain.swedish import count_text


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def read_passphrase_opt(path: str | None) -> str | None:
    return None if path is None else read_passphrase(path)


def read_passphrase(path: str) -> str:
    """The first line of a passphrase file (a Swedish error when missing or not text)."""
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


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    """`backup list|create` and `restore`."""
    if args.command not in ("backup", "restore"):
        return None
    from .cli import EXIT_OK, _open
    from .services.backups import size_text

    if args.command == "restore":
        from .services import installation_copy

        passphrase = read_passphrase(args.passphrase_file)
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
            raise UsageError("--passphrase-file används bara tillsammans med --to.")
        with _open(data_dir, backup_at_start=False) as app:
            info = app.backup_now("manuell")
        print(f"Säkerhetskopian är klar och kontrollerad: {info.path}")
        return EXIT_OK
    if args.passphrase_file is None:
        raise UsageError("Ange lösenfrasen med --passphrase-file när du använder --to.")
    from .services import installation_copy

    passphrase = read_passphrase(args.passphrase_file)
    installation_copy.check_passphrase(passphrase)
    with _open(data_dir, backup_at_start=False) as app:
        result = installation_copy.write_copy(app.paths, Path(args.to), passphrase)
    print(
        f"Den krypterade kopian är skriven och kontrollerad: {result.path} "
        f"({size_text(result.size)}, {count_text(result.photos, 'bild eller fil', 'bilder och filer')})."
    )
    return EXIT_OK
