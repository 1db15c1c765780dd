"""The evidence dialog at 1366×768: whole thumbnails and readable names at 100 % and 150 %
font (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.services.demo_images import demo_photo
from handledare_app.ui.participant.attachment_list import wrappable
from handledare_app.ui.participant.evidence_dialog import EvidenceDialog
from handledare_app.ui.participant.thumbnails import THUMB_SIZE

from ..conftest import Boxes
from .conftest import Plan

NAMES = ["hylla.png", "Kvitto_från_second_hand_butiken.png", "IMG_20261001_143522.png"]


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150%"])
def scaled(request: pytest.FixtureRequest) -> Iterator[float]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    old = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * request.param)
    qapp.setFont(font)
    yield request.param
    qapp.setFont(old)


def test_thumbnails_and_names_show_whole_at_1366x768(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    plan: Plan,
    consent: None,
    tmp_path: Path,
    scaled: float,
    boxes: Boxes,
) -> None:
    boxes.question_answer = QMessageBox.StandardButton.Yes  # closing at teardown
    files = []
    for i, name in enumerate(NAMES):
        path = tmp_path / name
        path.write_bytes(demo_photo(i + 3, 640, 900 if i % 2 else 480))
        files.append(path)
    dialog = EvidenceDialog(app, admin, plan.participant.id)
    qtbot.addWidget(dialog)
    dialog.add_files(files)
    dialog.resize(1366, 690)  # 1366×768 less a title bar and a task bar
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.finish_thumbnails()
    QApplication.processEvents()
    assert dialog.height() <= 690 and dialog.width() <= 1366

    listing = dialog.attachments
    view = listing.viewport().rect()
    line = listing.fontMetrics().height()
    for row in range(listing.count()):
        item = listing.item(row)
        box = listing.visualItemRect(item)
        assert view.contains(box), (scaled, item.toolTip(), box, view)
        assert box.height() >= THUMB_SIZE + line  # the whole thumbnail and its name
    # A long name without spaces wraps under its thumbnail instead of being cut short.
    long_item = listing.item(1)
    assert long_item.text() == wrappable(NAMES[1]) and long_item.text() != NAMES[1]
    assert listing.visualItemRect(long_item).height() >= THUMB_SIZE + 2 * line
    assert NAMES[1] in long_item.toolTip()
