"""`handledare-app catalogue import|export`: reads a criteria catalogue (JSON) into the
installation, or writes the installation's criteria catalogue to a JSON file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .domain.swedish import count_text


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cat = sub.add_parser("catalogue", help="läs in eller exportera en kriteriebank")
    cat_sub = cat.add_subparsers(dest="catalogue_command", metavar="ÅTGÄRD", required=True)
    ci = cat_sub.add_parser("import", help="läs in en katalogfil (JSON)")
    ci.add_argument("file", metavar="FIL")
    ce = cat_sub.add_parser("export", help="skriv kriteriebanken till en fil (JSON)")
    ce.add_argument("file", metavar="FIL")


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command != "catalogue":
        return None
    from .cli import EXIT_OK, _open

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
