"""The participant table model and its filter/sort proxy (pytest-qt's model tester)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from handledare_app.domain.enums import JourneyStage, PlacementType
from handledare_app.domain.records import FollowUpInfo, ParticipantSummary
from handledare_app.ui.participant.follow_ups_tab import FollowUpTableModel
from handledare_app.ui.participant_list_model import (
    ID_ROLE,
    NAME,
    PROGRESS,
    START,
    ListFilter,
    ParticipantProxyModel,
    ParticipantTableModel,
)


def summary(
    name: str,
    *,
    active: bool = True,
    responsible: str | None = "s1",
    areas: tuple[str, ...] = (),
    achieved: int = 0,
    total: int = 0,
    start: dt.date | None = dt.date(2026, 1, 1),
) -> ParticipantSummary:
    return ParticipantSummary(
        id=f"id-{name}",
        name=name,
        placement_type=PlacementType.WORK_TRAINING,
        start_date=start,
        responsible_id=responsible,
        responsible_name="Åsa Öberg" if responsible else "",
        stage=JourneyStage.WORK_PLAN,
        active=active,
        business_areas=areas,
        criteria_total=total,
        criteria_achieved=achieved,
    )


ROWS = [
    summary("Örjan Ek", areas=("Butik",), achieved=5, total=10, start=dt.date(2026, 3, 1)),
    summary("Amina Berg", responsible="s2", areas=("Café", "Butik"), achieved=1, total=10),
    summary("Bengt Åkesson", active=False, start=None),
    summary("ärla Dahl", responsible=None, areas=("Städ",), achieved=10, total=10),
]


def names(proxy: ParticipantProxyModel) -> list[str]:
    return [proxy.index(r, NAME).data() for r in range(proxy.rowCount())]


def test_source_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ParticipantTableModel()
    qtmodeltester.check(model)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    assert model.index(0, PROGRESS).data() == "50 % (5 av 10)"
    assert model.index(2, PROGRESS).data() == "Inga moduler"
    assert model.index(2, START).data() == ""
    assert model.index(1, NAME).data(ID_ROLE) == "id-Amina Berg"


def test_proxy_passes_the_model_tester_while_filtering_and_sorting(
    qtmodeltester: ModelTester,
) -> None:
    model = ParticipantTableModel()
    proxy = ParticipantProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    model.set_rows(ROWS)  # the tester watches the resets and layout changes that follow
    proxy.set_filter(ListFilter(status="all"))
    proxy.sort(PROGRESS, Qt.SortOrder.DescendingOrder)
    proxy.set_filter(ListFilter(text="ber", status="all"))
    proxy.set_filter(ListFilter(text="zzz", status="all"))
    proxy.set_filter(ListFilter(status="active"))
    qtmodeltester.check(proxy)


def test_default_filter_shows_active_sorted_by_name_ignoring_case(qtbot: object) -> None:
    model = ParticipantTableModel()
    proxy = ParticipantProxyModel()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    assert names(proxy) == ["Amina Berg", "ärla Dahl", "Örjan Ek"]


def test_filters_combine() -> None:
    model = ParticipantTableModel()
    proxy = ParticipantProxyModel()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    proxy.set_filter(ListFilter(status="ended"))
    assert names(proxy) == ["Bengt Åkesson"]
    proxy.set_filter(ListFilter(status="all", text="  BER "))
    assert names(proxy) == ["Amina Berg"]
    proxy.set_filter(ListFilter(status="all", responsible_id="s1"))
    assert names(proxy) == ["Bengt Åkesson", "Örjan Ek"]
    proxy.set_filter(ListFilter(status="active", business_area="Butik"))
    assert names(proxy) == ["Amina Berg", "Örjan Ek"]
    assert proxy.record(1).id == "id-Örjan Ek"
    assert proxy.row_of("id-Örjan Ek") == 1
    assert proxy.row_of("id-Bengt Åkesson") is None


def test_sorting_by_other_columns_and_back() -> None:
    model = ParticipantTableModel()
    proxy = ParticipantProxyModel()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    proxy.set_filter(ListFilter(status="all"))
    proxy.sort(START, Qt.SortOrder.AscendingOrder)
    assert names(proxy)[0] == "Bengt Åkesson"  # no date first
    assert names(proxy)[-1] == "Örjan Ek"
    proxy.sort(PROGRESS, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[0] == "ärla Dahl"
    mapped = proxy.mapToSource(proxy.index(0, NAME))
    assert mapped.row() == 3
    assert proxy.mapFromSource(model.index(3, NAME)).row() == 0
    assert proxy.headerData(PROGRESS, Qt.Orientation.Horizontal) == "Framsteg"


def test_follow_up_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = FollowUpTableModel()
    model.set_rows(
        [FollowUpInfo("f1", dt.date(2026, 2, 1), "Deltagaren", "Rad ett\nrad två", "Nästa")]
    )
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "Rad ett rad två"


def test_names_sort_the_swedish_way(qtbot: object) -> None:
    model = ParticipantTableModel()
    proxy = ParticipantProxyModel()
    proxy.setSourceModel(model)
    rows = ["Östen Ek", "Ärla Dahl", "Åsa Berg", "Zara Ali", "Élise Fors", "Erik Lund", "Adam Ny"]
    model.set_rows([summary(n) for n in rows])
    assert names(proxy) == [
        "Adam Ny",
        "Élise Fors",
        "Erik Lund",
        "Zara Ali",
        "Åsa Berg",
        "Ärla Dahl",
        "Östen Ek",
    ]
    proxy.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[:3] == ["Östen Ek", "Ärla Dahl", "Åsa Berg"]
