"""The Statistik page and the Insamling view (issue 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages.period_chooser import PeriodChooser, period_choices
from handledare_app.ui.pages.statistics import StatisticsPageWidget
from tests.report_helpers import company, coordinator, join_network, placements, this_half_year


def test_page_shows_the_current_half_year_with_charts_and_tables(
    qtbot: QtBot, app: App, admin: SupervisorInfo, tmp_path: Path
) -> None:
    period = this_half_year()
    placements(app, period)
    page = StatisticsPageWidget(app, admin)
    qtbot.addWidget(page)
    assert page.company.chooser.period() == period
    assert page.collection is None  # an ordinary company: no Insamling
    page.refresh()
    tab = page.company
    qtbot.waitUntil(lambda: bool(tab.panel.tables.views), timeout=20000)
    figures = app.statistics.figures(period)
    assert f"{figures.active.total} aktiva placeringar" in tab.panel.summary.text()
    first = tab.panel.tables.views[0].model()
    last = first.index(first.rowCount() - 1, first.columnCount() - 1)
    assert last.data() == str(figures.active.total) == "1"  # Göran; Märta ended
    titles = [c.chart.title for c in tab.panel.charts if c.chart is not None]
    assert len(titles) == 3 and titles[2] == "Utveckling de senaste fyra halvåren"
    assert tab.exact.isVisibleTo(page)  # an admin may export exact numbers

    out = tmp_path / "siffror.csv"
    tab.start_export(out, "csv", period)
    qtbot.waitUntil(lambda: "Klart" in tab.result.text(), timeout=20000)
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "små tal dolda" in tab.result.text()

    tab.chooser.combo.setEditText("2027H3")
    tab.load()
    assert "två halvår" in tab.error.text()


def test_send_without_a_network_file_says_what_to_do(
    qtbot: QtBot, app: App, admin: SupervisorInfo
) -> None:
    page = StatisticsPageWidget(app, admin)
    qtbot.addWidget(page)
    page.company.choose_send()
    assert "nätverksfil från Coompanion" in page.company.error.text()


def test_choices_start_with_the_current_half_year() -> None:
    import datetime as dt

    assert period_choices(dt.date(2027, 3, 14))[:3] == ["2027H1", "2026H2", "2026H1"]
    assert period_choices(dt.date(2027, 3, 14))[-2:] == ["2027", "2026"]


def test_insamling_reads_a_folder_with_progress(qtbot: QtBot, tmp_path: Path) -> None:
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Framstegs Secondhand")
    try:
        join_network(coord, [a], tmp_path / "net")
        period = this_half_year()
        placements(a, period)
        admin_a = a.supervisors.login(a.supervisors.list()[0].id, "4821")
        send_page = StatisticsPageWidget(a, admin_a)
        qtbot.addWidget(send_page)
        inbox = tmp_path / "in"
        inbox.mkdir()
        send_page.company.start_send(inbox / "rapport.hpkg", period)
        qtbot.waitUntil(lambda: "Klart" in send_page.company.result.text(), timeout=20000)

        holm = next(s for s in coord.supervisors.list() if s.name == "Cecilia Holm")
        user = coord.supervisors.login(holm.id, "4821")
        page = StatisticsPageWidget(coord, user)
        qtbot.addWidget(page)
        tab = page.collection
        assert tab is not None
        steps: list[int] = []
        tab.job.progressed.connect(lambda d, _t: steps.append(d))
        tab.read_folder(inbox)
        qtbot.waitUntil(lambda: "1 nya" in tab.result.text(), timeout=20000)
        assert steps and "Framstegs Secondhand" in tab.result.text()
        qtbot.waitUntil(lambda: "1 av 1 företag" in tab.panel.summary.text(), timeout=20000)
        first = tab.panel.tables.views[0].model()
        assert first.index(0, 1).data() == "Rapporterat"
    finally:
        a.close()
        coord.close()


def test_export_path_gets_the_chosen_formats_suffix(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog, QWidget

    from handledare_app.domain.followup_period import parse_period
    from handledare_app.ui.pages.statistics import FILE_FILTERS, ask_export_path

    parent = QWidget()
    qtbot.addWidget(parent)
    period = parse_period("2027H1")
    answers = iter(
        [(str(tmp_path / "siffror"), FILE_FILTERS["xlsx"]), (str(tmp_path / "a.csv"), ""), ("", "")]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    assert ask_export_path(parent, "T", "uppfoljning", period) == (
        tmp_path / "siffror.xlsx",
        "xlsx",
    )
    # No filter recognised: PDF, and the suffix follows it.
    assert ask_export_path(parent, "T", "uppfoljning", period) == (tmp_path / "a.csv.pdf", "pdf")
    assert ask_export_path(parent, "T", "uppfoljning", period) is None


def test_a_typed_period_confirmed_with_enter_keeps_its_code(qtbot: QtBot) -> None:
    """Enter in the period field used to add the typed text as an item without a code,
    which then read as "None" and was refused as no period."""
    chooser = PeriodChooser(dt.date(2026, 12, 6))
    qtbot.addWidget(chooser)
    chooser.show()
    line = chooser.combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "2025")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert chooser.code() == "2025"
    assert chooser.period().label == "2025"
