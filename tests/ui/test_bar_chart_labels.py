"""Bar-chart labels on the Statistik page are shown in full at 100 % and 150 % font: a
vertical chart wraps them to two lines or, when a single word is too wide for its slot,
is drawn with horizontal bars and a label column as wide as the labels need (issue:
"Arbets…", "Syssel…" at 150 %). Asserted on the chart's computed layout, not on pixels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementOutcome
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.services.demo import DEMO_PIN, create_demo
from handledare_app.services.statistics_export import Chart
from handledare_app.ui.bar_chart import BarChartWidget
from handledare_app.ui.chart_text import is_complete, legend_rows, wrap_label
from handledare_app.ui.main_window import NAV_TITLES, MainWindow
from handledare_app.ui.screenshots import settle

from .conftest import Boxes


@contextmanager
def app_font(scale: float) -> Iterator[None]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    old = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    qapp.setFont(font)
    try:
        yield
    finally:
        qapp.setFont(old)


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150%"])
def font_scale(request: pytest.FixtureRequest) -> Iterator[float]:
    with app_font(request.param):
        yield request.param


def _check_page(qtbot: QtBot, app: App, user: SupervisorInfo) -> None:
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.resize(1366, 690)
    window.show()
    window.nav.setCurrentRow(NAV_TITLES.index("Statistik"))
    settle()  # the figures load in the background; the layout then settles
    charts = [c for c in window.findChildren(BarChartWidget) if c.isVisible() and c.chart]
    assert len(charts) == 3
    drawn = 0
    for widget in charts:
        chart = widget.chart
        plan = widget.plan()
        assert chart is not None
        if plan is None:  # nothing to draw (no ended placements in the period)
            assert chart.categories == []
            continue
        drawn += 1
        assert plan.elided(chart) == [], (chart.title, plan.labels)
        for row in plan.legend:
            assert not any(name.endswith("…") for name in row), row
        assert sum(len(row) for row in plan.legend) == (len(chart.series) if plan.legend else 0)
        if plan.horizontal:  # every row has its room inside the widget
            bottom = plan.area.top() + sum(plan.row_heights)
            assert bottom <= plan.area.bottom() + 1, (chart.title, bottom, plan.area)
    assert drawn >= 2
    window.close()


def test_the_statistics_page_shows_every_label_in_full(
    qtbot: QtBot, empty_app: App, boxes: Boxes
) -> None:
    create_demo(empty_app, participants=14)  # the demo figures of the screenshots
    admin = next(s.id for s in empty_app.supervisors.list() if s.is_admin)
    user = empty_app.supervisors.login(admin, DEMO_PIN)
    for scale in (1.0, 1.5):
        with app_font(scale):
            _check_page(qtbot, empty_app, user)


def test_long_labels_wrap_in_a_horizontal_chart(qtbot: QtBot, font_scale: float) -> None:
    labels = [o.label for o in PlacementOutcome]
    chart = Chart("Avslutade placeringar, efter vart deltagaren gick", labels, [("A", [1] * 10)])
    widget = BarChartWidget(chart)
    qtbot.addWidget(widget)
    widget.resize(355, widget.sizeHint().height())
    widget.show()
    QApplication.processEvents()
    widget.resize(355, widget.sizeHint().height())
    plan = widget.plan()
    assert plan is not None and plan.horizontal
    assert plan.elided(chart) == []
    assert plan.label_space <= 355 / 2  # the bars keep half the width
    assert any(len(lines) > 1 for lines in plan.labels)  # the longest one wraps
    assert sum(plan.row_heights) <= plan.area.height() + 1


def test_a_vertical_chart_with_short_labels_stays_vertical(qtbot: QtBot) -> None:
    chart = Chart("Utveckling", ["2025H1", "2025H2", "2026H1"], [("A", [1, 2, 3])])
    widget = BarChartWidget(chart)
    qtbot.addWidget(widget)
    widget.resize(360, 300)
    plan = widget.plan()
    assert plan is not None and not plan.horizontal and plan.elided(chart) == []


def test_wrap_label(qtbot: QtBot) -> None:
    fm = QFontMetrics(QApplication.font())
    wide = fm.horizontalAdvance("Arbete med stöd")
    lines = wrap_label("Arbete med stöd (lönebidrag)", fm, wide)
    assert lines == ["Arbete med stöd", "(lönebidrag)"]
    assert is_complete("Arbete med stöd (lönebidrag)", lines)
    narrow = wrap_label("Sysselsättning", fm, fm.horizontalAdvance("Syssel"))
    assert len(narrow) == 1 and narrow[0].endswith("…")
    assert not is_complete("Sysselsättning", narrow)
    three = wrap_label("a b c", fm, fm.horizontalAdvance("a"), max_lines=2)
    assert len(three) == 2 and not is_complete("a b c", three)


def test_legend_rows_wrap_instead_of_cutting(qtbot: QtBot) -> None:
    fm = QFontMetrics(QApplication.font())
    names = ["Aktiva på mätdagen", "Nya", "Avslutade"]
    line = fm.height()
    one_row = sum(line * 2 + fm.horizontalAdvance(n) for n in names)
    assert legend_rows(names, fm, one_row, line) == [names]
    rows = legend_rows(names, fm, one_row - line * 2, line)
    assert len(rows) == 2 and [n for row in rows for n in row] == names
