"""The evidence dialog's criteria picker: a signed module's criteria cannot be ticked
(saving refused them only after the supervisor had written everything), its existing
ticks stay, and the module says it is signed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.criteria_picker import SIGNED_SUFFIX, CriteriaPickerWidget
from tests.signing_helpers import ready_module, sign

from ..conftest import Boxes


def test_signed_module_is_shown_but_cannot_be_ticked(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    signed_id = ready_module(app, admin.id, participant.id, index=0)
    open_id = ready_module(app, admin.id, participant.id, index=1)
    sign(app, admin.id, signed_id)
    signed, still_open = app.assessment.enrollment(signed_id), app.assessment.enrollment(open_id)
    linked = signed.module.criteria[0].id
    picker = CriteriaPickerWidget([signed, still_open], selected=[linked])
    qtbot.addWidget(picker)

    top = [picker.tree.topLevelItem(i) for i in range(picker.tree.topLevelItemCount())]
    assert top[0] is not None and top[0].text(0).endswith(SIGNED_SUFFIX)
    assert top[1] is not None and not top[1].text(0).endswith(SIGNED_SUFFIX)
    assert not top[0].isExpanded() and top[1].isExpanded()

    locked = picker.item_for(signed.module.criteria[1].id)
    free = picker.item_for(still_open.module.criteria[0].id)
    assert locked is not None and free is not None
    assert not locked.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert free.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert linked in picker.selected_ids(), "an existing link stays ticked"
    item = picker.item_for(linked)
    assert item is not None and item.checkState(0) == Qt.CheckState.Checked
