"""`stats --period P --samlat`: Coompanion's county view (issue 10, FOLLOWUP.md §6).

Called by cli_stats when `--samlat` is given. Text on screen (exact numbers, it stays
at Coompanion), or `--json/--csv/--xlsx/--pdf` files with small numbers hidden.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .domain.errors import UserError
from .domain.followup import parse_period


def run_county(args: argparse.Namespace, data_dir: Path) -> int:
    from .cli import _open, _require_existing
    from .cli_stats import _check_admin, summary_text
    from .services.collection import CollectionService
    from .services.collection_export import county_tables, export_county
    from .services.paths import DataPaths
    from .services.statistics_export import heading_lines, tables_json

    period = parse_period(args.period)
    _require_existing(DataPaths(data_dir))
    with _open(data_dir, backup_at_start=False) as app:
        collection = CollectionService(app)
        if not collection.is_coordinator():
            raise UserError(
                "Den samlade vyen finns bara i Coompanions installation (den som signerar "
                "nätverksfilen, eller som lades upp med ”init --samordnare”)."
            )
        suppress = not args.utan_skydd
        if not suppress:
            _check_admin(app, args.admin)
        view = collection.county(period)
        target = next(
            ((fmt, getattr(args, fmt)) for fmt in ("csv", "xlsx", "pdf") if getattr(args, fmt)),
            None,
        )
        if target is not None:
            trend = collection.trend(period) if target[0] == "pdf" else []
            path = export_county(Path(target[1]), target[0], view, trend, suppress=suppress)
            hidden = "små tal dolda" if suppress else "exakta tal, endast internt"
            print(
                f"Den samlade uppföljningen för {period.label} är skriven till {path} ({hidden})."
            )
            return 0
    if args.json:
        heading = heading_lines(f"Uppföljning {period.label}, alla företag", period, "", suppress)
        print(tables_json(heading, county_tables(view, suppress)))
        return 0
    print(f"{period.label}: {view.reporting} av {len(view.companies)} företag har rapporterat.")
    for c in view.missing:
        latest = f"senaste paket {c.latest_package}" if c.latest_package else "inget paket än"
        print(f"  Saknas: {c.name} ({latest})")
    if view.total is None:
        print(f"Inga rapporter för {period.label} är inlästa ännu.")
        return 0
    print("Summor över de rapporterande företagen (placeringar, inte personer):")
    print(summary_text(view.total))
    return 0
