"""Insamling (Coompanion's installation): read the companies' reports, see the county.

One action reads a whole folder (progress bar, Avbryt); each file gets its line (inläst,
rättad, redan inläst, or why it was refused). For the chosen period: which companies in
the network file have reported and which are missing (with each one's latest package),
the county figures per company and per municipality, and figures 1–17 summed over the
reporting companies. Exportera writes them with small numbers hidden (services/
collection_export.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import UserError
from ...domain.followup import Period
from ...services.collection import CollectionService, CountyView
from ...services.collection_export import county_tables
from ...services.statistics_export import Chart, figure_charts
from ...services.statistics_tables import Table
from ..background import BackgroundJob, BackgroundTask, start
from ..errors import failure_text
from ..flow_layout import FlowLayout
from ..widgets import ErrorLabel, text_label
from .period_chooser import PeriodChooser, period_in_words
from .progress_row import ProgressRow

if TYPE_CHECKING:
    from ...services.app import App
    from .statistics import StatisticsPageWidget


def county_summary(view: CountyView) -> str:
    missing = ", ".join(c.name for c in view.missing) or "inga"
    text = (
        f"{period_in_words(view.period)}: {view.reporting} av {len(view.companies)} företag i "
        f"nätverksfilen har rapporterat. Saknas: {missing}."
    )
    if view.total is None:
        return text + f" Inga rapporter för {period_in_words(view.period)} är inlästa ännu."
    return (
        text + f" Summor över de rapporterande företagen räknas i placeringar, inte personer: "
        f"{view.total.active.total} aktiva placeringar på mätdagen, {view.total.started.total} "
        f"nya och {view.total.ended.total} avslutade."
    )


def _load(app: App, period: Period) -> tuple[str, list[Chart], list[Table]]:
    collection = CollectionService(app)
    view = collection.county(period)
    charts = figure_charts(view.total, collection.trend(period), False) if view.total else []
    return county_summary(view), charts, county_tables(view, False)


class CollectionTab(QWidget):
    def __init__(self, page: StatisticsPageWidget) -> None:
        from .statistics import FiguresPanel

        super().__init__(page)
        self.page = page
        self.app = page.app
        self._token = 0
        intro = text_label(
            "Läs in företagens uppföljningar (.hpkg) från en mapp, till exempel bilagorna från "
            "e-posten sparade i en mapp. Samma fil två gånger ändrar inget; en rättad rapport "
            "för samma period ersätter den tidigare.",
            self,
        )
        self.read_button = QPushButton("&Läs in rapporter från mapp …", self)
        self.read_button.setAccessibleName("Läs in företagens rapporter från en mapp")
        self.read_button.clicked.connect(self.choose_folder)
        self.chooser = PeriodChooser(page.today(), self)
        self.chooser.show_button.clicked.connect(self.refresh)
        self.chooser.combo.activated.connect(lambda _i: self.refresh())
        self.export_button = QPushButton("E&xportera …", self)
        self.export_button.setAccessibleName("Exportera länets siffror till PDF, Excel eller CSV")
        self.export_button.clicked.connect(self.choose_export)
        self.job = BackgroundJob(self)
        self.job.succeeded.connect(self._job_done)
        self.job.failed.connect(self._job_failed)
        self.progress = ProgressRow(self.job, "läs in rapporter", self)
        self.error = ErrorLabel(self)
        self.result = text_label("", self, selectable=True)
        self.result.setVisible(False)
        self.panel = FiguresPanel(self)
        top = FlowLayout()  # wraps at 150 % font
        top.add(self.read_button)
        top.add(self.chooser, stretch=True)
        top.add(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addWidget(self.panel, 1)

    def refresh(self) -> None:
        self.error.clear_error()
        try:
            period = self.chooser.period()
        except UserError as exc:
            self.error.show_error(exc.message)
            return
        self._token += 1
        token = self._token
        app = self.app
        start(
            BackgroundTask(
                lambda: _load(app, period),
                lambda result: self._loaded(token, result),
                self._failed,
            )
        )

    def _loaded(self, token: int, result: tuple[str, list[Chart], list[Table]]) -> None:
        if token == self._token:
            self.panel.show_figures(*result)

    def _failed(self, exc: object) -> None:
        self.error.show_error(failure_text(exc))

    # --- reading a folder -------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Välj mappen med rapporterna", str(Path.home())
        )
        if folder:
            self.read_folder(Path(folder))

    def read_folder(self, folder: Path) -> None:
        app, actor = self.app, self.page.user.id

        def work(progress: Any, _cancelled: Any) -> str:
            result = CollectionService(app).read_folder(folder, actor, progress)
            counts = (
                f"{result.count('new')} nya, {result.count('replaced')} rättade, "
                f"{result.count('unchanged')} redan inlästa, {result.count('refused')} avvisade."
            )
            return "\n".join([counts, *result.lines()])

        self._run(work)

    # --- export -----------------------------------------------------------------------

    def choose_export(self) -> None:
        self.error.clear_error()
        try:
            period = self.chooser.period()
        except UserError as exc:
            self.error.show_error(exc.message)
            return
        from .statistics import ask_export_path

        chosen = ask_export_path(self, "Exportera länets uppföljning", "uppfoljning-lanet", period)
        if chosen is not None:
            self.start_export(*chosen, period)

    def start_export(self, path: Path, fmt: str, period: Period) -> None:
        from ...services.collection_export import export_county

        app = self.app

        def work(_progress: Any, _cancelled: Any) -> str:
            collection = CollectionService(app)
            view = collection.county(period)
            trend = collection.trend(period) if fmt == "pdf" else []
            written = export_county(path, fmt, view, trend, suppress=True)
            return f"Klart: länets uppföljning för {period_in_words(period)} är sparad i {written}."

        self._run(work)

    def _run(self, work: Any) -> None:
        self.error.clear_error()
        self.result.setText("")
        self.result.setVisible(False)
        self.read_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.begin()
        self.job.start(work)

    def _job_done(self, text: object) -> None:
        self.progress.end()
        self.read_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.result.setText(str(text))
        self.result.setVisible(True)
        self.refresh()

    def _job_failed(self, exc: object) -> None:
        self.progress.end()
        self.read_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.error.show_error(failure_text(exc))


# --- screenshots ----------------------------------------------------------------------

_SCREENSHOT_APPS: list[tuple[App, str]] = []


def _close_screenshot_apps() -> None:
    import shutil

    while _SCREENSHOT_APPS:
        app, folder = _SCREENSHOT_APPS.pop()
        app.close()
        shutil.rmtree(folder, ignore_errors=True)


def screenshot_widgets(app: App, user: Any, _participant_id: str) -> list[tuple[str, QWidget]]:
    """The Statistik page as the demo company sees it, and the Insamling view in a
    Coompanion installation built with `demo --samordnare` (in its own temporary folder,
    removed when the program ends)."""
    import atexit
    import tempfile

    from ...services.app import open_app
    from ...services.demo import DEMO_PIN
    from ...services.demo_collection import create_coordinator_demo
    from .statistics import StatisticsPageWidget

    company = StatisticsPageWidget(app, user)
    company.refresh()
    folder = tempfile.mkdtemp(prefix="handledare-skarmbilder-samordnare-")
    coord = open_app(Path(folder) / "data", backup_at_start=False)
    if not _SCREENSHOT_APPS:
        atexit.register(_close_screenshot_apps)
    _SCREENSHOT_APPS.append((coord, folder))
    create_coordinator_demo(coord, participants=6, validations=0)
    admin_id = next(s.id for s in coord.supervisors.list() if s.is_admin)
    coord_user = coord.supervisors.login(admin_id, DEMO_PIN)
    page = StatisticsPageWidget(coord, coord_user)
    page.refresh()
    assert page.collection is not None
    page.tabs.setCurrentWidget(page.collection)
    return [("statistik", company), ("statistik-insamling", page)]
