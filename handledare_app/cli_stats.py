"""`handledare-app stats`: the half-year follow-up figures (FOLLOWUP.md) on the command
line, or written to a file.

    handledare-app stats --period 2027H1                 (a readable summary)
    handledare-app stats --period 2027H1 --json          (the tables as JSON on stdout)
    handledare-app stats --period 2027H1 --csv F | --xlsx F | --pdf F
    handledare-app stats --period 2027H1 --xlsx F --utan-skydd --admin NAMN  (PIN on stdin)

Files and JSON hide counts below 3 (FOLLOWUP.md §4). `--utan-skydd` turns that off for
internal use and needs an administrator's name and PIN. `--samlat` (Coompanion's
county view) is handled by `cli_stats_county.run_county`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_argparse_sv import UsageError
from .cli_stdin import read_secret
from .domain.errors import PermissionDenied
from .domain.followup import Figures, parse_period

if TYPE_CHECKING:
    from .services.app import App

EXIT_OK = 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    st = sub.add_parser("stats", help="uppföljningens siffror för en period (halvår, år, datum)")
    st.add_argument(
        "--period",
        required=True,
        metavar="P",
        help="2027H1, 2027H2, 2027 eller två datum: 2027-01-01--2027-03-31",
    )
    out = st.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="skriv tabellerna som JSON")
    out.add_argument("--csv", metavar="FIL", help="skriv en CSV-fil (för Excel)")
    out.add_argument("--xlsx", metavar="FIL", help="skriv en Excel-fil")
    out.add_argument("--pdf", metavar="FIL", help="skriv en PDF med diagram")
    st.add_argument(
        "--utan-skydd",
        action="store_true",
        help="visa även tal under 3 (endast internt; kräver --admin och PIN på standard in)",
    )
    st.add_argument("--admin", metavar="NAMN", help="administratörens namn för --utan-skydd")
    st.add_argument(
        "--samlat", action="store_true", help="Coompanions samlade vy över alla företag"
    )


def _check_admin(app: App, name: str | None) -> None:
    if not name:
        raise UsageError(
            "--utan-skydd kräver --admin NAMN och administratörens PIN på standard in."
        )
    needle = " ".join(name.split()).casefold()
    admins = [s for s in app.supervisors.list() if s.is_admin and s.active]
    match = [s for s in admins if s.name.casefold() == needle]
    if not match:
        raise PermissionDenied(f"Det finns ingen aktiv administratör som heter ”{name}”.")
    pin = read_secret(f"PIN-kod för {match[0].name}: ")
    app.supervisors.login(match[0].id, pin)


def run(args: argparse.Namespace, data_dir: Path) -> int | None:
    if args.command != "stats":
        return None
    # Checked before the data folder is opened: a bad period changes nothing.
    period = parse_period(args.period)
    if args.samlat:
        from .cli_stats_county import run_county

        return run_county(args, data_dir)
    from .cli import _open  # start-up notices (a finished restore, an upgrade) on stderr
    from .services.statistics_export import export_figures

    with _open(data_dir, backup_at_start=False) as app:
        suppress = not args.utan_skydd
        if not suppress:
            _check_admin(app, args.admin)
        facts = app.statistics.facts()
        figures = app.statistics.figures(period, facts)
        workplace = app.setup.workplace().name
        target = next(
            ((fmt, getattr(args, fmt)) for fmt in ("csv", "xlsx", "pdf") if getattr(args, fmt)),
            None,
        )
        if target is not None:
            trend = app.statistics.trend(period, 4, facts) if target[0] == "pdf" else []
            path = export_figures(
                Path(target[1]), target[0], figures, trend, workplace, suppress=suppress
            )
            hidden = "små tal dolda" if suppress else "exakta tal, endast internt"
            print(f"Uppföljningen för {period.label} är skriven till {path} ({hidden}).")
            return EXIT_OK
    from .services.statistics_export import heading_lines, tables_json
    from .services.statistics_tables import figure_tables

    heading = heading_lines(f"Uppföljning {period.label}", period, workplace, suppress)
    tables = figure_tables(figures, suppress)
    if args.json:
        print(tables_json(heading, tables))
        return EXIT_OK
    print(summary_text(figures))
    return EXIT_OK


def summary_text(f: Figures) -> str:
    """A short readable summary (exact numbers: it stays on this computer's screen)."""
    day = f.period.reference_day.isoformat()
    d = f.duration.get("all")
    lines = [
        f"Uppföljning {f.period.label} ({f.period.start.isoformat()} – {day})",
        f"  Aktiva placeringar på mätdagen {day}: {f.active.total}",
        f"    varav anställda: {f.employed.total}, placerade (ej anställda): {f.placed.total}",
        f"  Deltagare under perioden: {f.participants.total}",
        f"  Nya placeringar: {f.started.total}",
        f"  Avslutade placeringar: {f.ended.total}",
        f"    till arbete eller studier: {f.to_work_or_studies.total} "
        f"({f.share_to_work_or_studies.text()})",
        f"    till arbete, studier eller arbetssökande: {f.to_work_studies_or_seeking.total} "
        f"({f.share_to_work_studies_or_seeking.text()})",
        f"  Övergång till anställning här: {f.to_employment_here.total}",
        "  Placeringstid (median): "
        + (f"{d.median_days:.0f} dagar" if d and d.median_days is not None else "–"),
        f"  Validerade deltagare: {f.validated_participants.total}",
        f"  Validerade moduler: {f.validated_modules.total} "
        f"({f.validated_points_total:.1f} poäng)".replace(".", ","),
        f"  Utfärdade intyg: {f.certificates_issued} (återkallade: {f.certificates_revoked})",
        f"  Avslutade med validering: {f.ended_with_validation.text()}",
        f"  Aktiva handledare: {f.active_supervisors}",
        f"  Uppföljning Finsam ({f.finsam_period.label}): "
        + ", ".join(
            f"{g}: {f.finsam.get(code)}"
            for code, g in (("woman", "kvinnor"), ("man", "män"), ("other", "annat"))
        )
        + f", ej angivet: {f.finsam.get('not_stated')}",
    ]
    return "\n".join(lines)
