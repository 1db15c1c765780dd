"""Statistik: the half-year follow-up figures (FOLLOWUP.md) and, at Coompanion, Insamling.

*Vårt företag*: a period chooser (the current half-year first), three charts (placements
on the mätdag by type, ended placements by where people went, the last four half-years)
and every figure as a table with its breakdowns. On screen the numbers are exact (they
stay inside the company); *Exportera* writes PDF/XLSX/CSV with small numbers hidden,
unless an administrator ticks *Exakta tal*. *Skicka uppföljning till Coompanion* writes
the report package for the period.

*Insamling* (only in Coompanion's installation): read a folder of reports in one go,
see who has reported and who is missing, and the county figures (ui/pages/collection_tab).

Figures are computed off the GUI thread (ui/background.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ...domain.followup import Figures, Period
from ...services.statistics_export import Chart, figure_charts
from ...services.statistics_tables import Table, figure_tables
from ..background import BackgroundJob, BackgroundTask, start
from ..bar_chart import BarChartWidget
from ..errors import failure_text
from ..figure_tables_view import FigureTablesView
from ..flow_layout import FlowLayout
from ..rights import STAFF_ONLY, allow, is_staff
from ..widgets import ErrorLabel, text_label
from .base import PageWidget
from .period_chooser import PeriodChooser, period_in_words
from .progress_row import ProgressRow

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from .collection_tab import CollectionTab

FILE_FILTERS = {
    "pdf": "PDF med diagram (*.pdf)",
    "xlsx": "Excel (*.xlsx)",
    "csv": "CSV för Excel (*.csv)",
}


def ask_export_path(
    parent: QWidget, title: str, stem: str, period: Period
) -> tuple[Path, str] | None:
    """The file to export to and its format (from the chosen filter), with the format's
    suffix added when the name lacks it; None when the user cancels."""
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path.home() / f"{stem}-{period.label}.pdf"),
        ";;".join(FILE_FILTERS.values()),
    )
    if not path:
        return None
    fmt = next((k for k, v in FILE_FILTERS.items() if v == chosen), "pdf")
    out = Path(path)
    if out.suffix.lower() != f".{fmt}":
        out = out.with_name(f"{out.name}.{fmt}")
    return out, fmt


class FiguresPanel(QScrollArea):
    """Charts side by side, then the tables; the whole panel scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        self.summary = text_label("", inner, selectable=True)
        layout.addWidget(self.summary)
        charts = QHBoxLayout()
        self.charts = [BarChartWidget(None, inner) for _ in range(3)]
        for c in self.charts:
            charts.addWidget(c, 1)
        layout.addLayout(charts)
        self.tables = FigureTablesView(inner)
        layout.addWidget(self.tables, 1)
        self.setWidget(inner)

    def show_figures(self, summary: str, charts: list[Chart], tables: list[Table]) -> None:
        self.summary.setText(summary)
        for widget, chart in zip(self.charts, [*charts, None, None, None], strict=False):
            widget.set_chart(chart)
            widget.setVisible(chart is not None)
        self.tables.set_tables(tables)


def summary_sentence(f: Figures) -> str:
    day = f.period.reference_day.isoformat()
    return (
        f"{period_in_words(f.period)}: {f.period.start.isoformat()} – {day}. På mätdagen {day}: "
        f"{f.active.total} aktiva placeringar, varav {f.employed.total} anställda. Under "
        f"perioden: {f.participants.total} deltagare, {f.started.total} nya och "
        f"{f.ended.total} avslutade placeringar, {f.validated_modules.total} validerade "
        "moduler. Talen här är exakta; i filer döljs tal under 3."
    )


def _load(app: App, period: Period) -> tuple[str, list[Chart], list[Table]]:
    facts = app.statistics.facts()
    figures = app.statistics.figures(period, facts)
    trend = app.statistics.trend(period, 4, facts)
    return (
        summary_sentence(figures),
        figure_charts(figures, trend, False),
        figure_tables(figures, False),
    )


class CompanyTab(QWidget):
    def __init__(self, page: StatisticsPageWidget) -> None:
        super().__init__(page)
        self.page = page
        self.app = page.app
        self._token = 0
        self.chooser = PeriodChooser(page.today(), self)
        self.chooser.show_button.clicked.connect(self.load)
        self.chooser.combo.activated.connect(lambda _i: self.load())
        self.exact = QCheckBox("Exakta tal i filen (endast internt)", self)
        self.exact.setAccessibleName("Exportera exakta tal utan skydd för små tal")
        self.export_button = QPushButton("&Exportera …", self)
        self.export_button.setAccessibleName("Exportera siffrorna till PDF, Excel eller CSV")
        self.export_button.clicked.connect(self.choose_export)
        self.send_button = QPushButton("S&kicka uppföljning till Coompanion …", self)
        self.send_button.setAccessibleName("Skicka uppföljningen för perioden till Coompanion")
        self.send_button.clicked.connect(self.choose_send)
        self.job = BackgroundJob(self)
        self.job.succeeded.connect(self._job_done)
        self.job.failed.connect(self._job_failed)
        self.progress = ProgressRow(self.job, "skicka uppföljning", self)
        self.error = ErrorLabel(self)
        self.result = text_label("", self, selectable=True)
        self.result.setVisible(False)
        self.panel = FiguresPanel(self)
        # A flow: at 150 % font the row is wider than a laptop and wraps onto two.
        actions = FlowLayout()
        actions.add(self.chooser, stretch=True)
        for widget in (self.exact, self.export_button, self.send_button):
            actions.add(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addWidget(self.panel, 1)
        self.set_user_rights()

    def set_user_rights(self) -> None:
        self.exact.setVisible(self.page.user.is_admin)
        self.exact.setChecked(False)
        self._sync_send_button()

    def _sync_send_button(self) -> None:
        allow(self.send_button, is_staff(self.page.user), STAFF_ONLY, ready=not self.job.running)

    def load(self) -> None:
        self.error.clear_error()
        try:
            period = self.chooser.period()
        except UserError as exc:
            self.error.show_error(exc.message)
            return
        self._token += 1
        token = self._token
        self.panel.summary.setText(f"Räknar fram siffrorna för {period_in_words(period)} …")
        app = self.app
        start(
            BackgroundTask(
                lambda: _load(app, period),
                lambda result: self._loaded(token, result),
                self._load_failed,
            )
        )

    def _loaded(self, token: int, result: tuple[str, list[Chart], list[Table]]) -> None:
        if token == self._token:
            self.panel.show_figures(*result)

    def _load_failed(self, exc: object) -> None:
        self.panel.summary.setText("")
        self.error.show_error(failure_text(exc))

    # --- export and send -----------------------------------------------------------

    def choose_export(self) -> None:
        self.error.clear_error()
        try:
            period = self.chooser.period()
        except UserError as exc:
            self.error.show_error(exc.message)
            return
        chosen = ask_export_path(self, "Exportera uppföljningen", "uppfoljning", period)
        if chosen is not None:
            self.start_export(*chosen, period)

    def start_export(self, path: Path, fmt: str, period: Period) -> None:
        from ...services.statistics_export import export_figures

        suppress = not (self.page.user.is_admin and self.exact.isChecked())
        app, workplace = self.app, self.app.setup.workplace().name

        def work(_progress: Any, _cancelled: Any) -> str:
            facts = app.statistics.facts()
            figures = app.statistics.figures(period, facts)
            trend = app.statistics.trend(period, 4, facts) if fmt == "pdf" else []
            written = export_figures(path, fmt, figures, trend, workplace, suppress=suppress)
            note = "små tal dolda" if suppress else "exakta tal, endast internt"
            return f"Klart: uppföljningen för {period_in_words(period)} är sparad i {written} ({note})."

        self._run(work)

    def choose_send(self) -> None:
        from ...services.report import ReportService

        self.error.clear_error()
        try:
            period = self.chooser.period()
            recipient = ReportService(self.app).default_recipient()
            if recipient is None:
                raise UserError(
                    "Det finns ingen nätverksfil från Coompanion på den här datorn, så "
                    "uppföljningen kan inte krypteras till Coompanion. Läs in nätverksfilen "
                    "under Inställningar › Nätverk och utbyte först."
                )
        except UserError as exc:
            self.error.show_error(exc.message)
            return
        name = ReportService(self.app).default_file_name(period)
        path, _ = QFileDialog.getSaveFileName(
            self, "Spara uppföljningen till Coompanion", str(Path.home() / name), "Paket (*.hpkg)"
        )
        if path:
            self.start_send(Path(path if path.endswith(".hpkg") else path + ".hpkg"), period)

    def start_send(self, path: Path, period: Period) -> None:
        from ...services.report import ReportService

        app, actor = self.app, self.page.user.id

        def work(progress: Any, _cancelled: Any) -> str:
            service = ReportService(app)
            recipient = service.default_recipient() or ""
            r = service.write(actor, period, recipient, path, progress)
            empty = " Perioden är tom: rapporten säger att ni inte hade några." if r.empty else ""
            if r.before_end:
                empty += " " + r.before_end_note()
            return (
                f"Klart: uppföljningen för {period_in_words(period)} är sparad och kontrollerad i "
                f"{r.path.name}. Den kan bara öppnas av {r.recipient} och den här datorn. "
                f"Skicka filen till Coompanion (e-post eller USB-minne).{empty}"
            )

        self._run(work)

    def _run(self, work: Any) -> None:
        self.result.setText("")
        self.result.setVisible(False)
        self.export_button.setEnabled(False)
        self.send_button.setEnabled(False)
        self.progress.begin()
        self.job.start(work)

    def _job_done(self, text: object) -> None:
        self.progress.end()
        self.export_button.setEnabled(True)
        self._sync_send_button()
        self.result.setText(str(text))
        self.result.setVisible(True)

    def _job_failed(self, exc: object) -> None:
        self.progress.end()
        self.export_button.setEnabled(True)
        self._sync_send_button()
        self.error.show_error(failure_text(exc))


class StatisticsPageWidget(PageWidget):
    title = "Statistik"

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Statistik")
        self.company = CompanyTab(self)
        self.tabs.addTab(self.company, "Vårt företag")
        self.collection: CollectionTab | None = None
        if _is_coordinator(app):
            from .collection_tab import CollectionTab as Tab

            self.collection = Tab(self)
            self.tabs.addTab(self.collection, "Insamling")
        self.page_layout.addWidget(self.tabs, 1)

    def today(self) -> dt.date:
        return self.app.statistics.today()

    def refresh(self) -> None:
        self.company.set_user_rights()
        self.company.load()
        if self.collection is not None:
            self.collection.refresh()


def _is_coordinator(app: App) -> bool:
    from ...services.collection import CollectionService

    return CollectionService(app).is_coordinator()
