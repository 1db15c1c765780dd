"""*Spara digitalt intyg* on the participant page and in the certificate preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from handledare_app.ui.participant.page import ParticipantPage
from tests.signing_helpers import ready_module, sign

from .conftest import Boxes


def _choose(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))


def test_participant_page_saves_verifiable_badges(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(page)
    _choose(monkeypatch, tmp_path / "ut")
    # Nothing signed yet: a Swedish explanation, no files.
    page.badge_button.click()
    assert any(
        "ingen signerad modul" in t for t in boxes.texts("critical") + boxes.texts("warning")
    )
    assert not (tmp_path / "ut").exists()
    app.quality.update_settings(admin.id, sample_rate=0.0, required=True)
    sign(app, admin.id, ready_module(app, admin.id, participant.id, 0))
    page.badge_button.click()
    assert not page.isEnabled(), "the page rests while the files are written"
    qtbot.waitUntil(lambda: any("1 modul sparade" in t for t in boxes.texts("information")))
    assert page.isEnabled()
    png = next((tmp_path / "ut").glob("*.png"))
    assert app.badge_verifier.verify_file(png).verdict is Verdict.VALID
    # An independent PNG reader (Qt's) finds the baked credential under the OB 3.0 keyword.
    image = QImage(str(png))
    assert not image.isNull() and image.width() == 512
    assert image.text("openbadgecredential") == png.with_suffix(".jwt").read_text().strip()


def test_certificate_preview_has_the_button(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handledare_app.ui.signing.certificate_preview import certificate_preview

    app.quality.update_settings(admin.id, sample_rate=0.0, required=True)
    sign(app, admin.id, ready_module(app, admin.id, participant.id, 0))
    info = app.certificates.issue(admin.id, participant.id)
    dialog = certificate_preview(app, info)
    qtbot.addWidget(dialog)
    _choose(monkeypatch, tmp_path / "ut")
    button = next(
        b
        for b in dialog.findChildren(QPushButton)
        if b.accessibleName() == "Spara digitalt intyg (Open Badges)"
    )
    button.click()
    qtbot.waitUntil(lambda: any("1 modul sparade" in t for t in boxes.texts("information")))
    assert len(list((tmp_path / "ut").glob("*.jwt"))) == 1
    assert any("1 modul sparade" in t for t in boxes.texts("information"))


def test_verify_dialog_checks_a_badge_file(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handledare_app.ui.signing.badge_files import render_badge_png
    from handledare_app.ui.signing.verify_dialog import VerifyDialog

    app.quality.update_settings(admin.id, sample_rate=0.0, required=True)
    sign(app, admin.id, ready_module(app, admin.id, participant.id, 0))
    info = app.certificates.issue(admin.id, participant.id)
    png = next(
        p
        for p in app.open_badges.write_files(info.id, tmp_path, render_badge_png)
        if p.suffix == ".png"
    )
    dialog = VerifyDialog(app)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(png), ""))
    dialog.file_button.click()
    assert dialog.verdict.text() == f"{info.display_code}: Giltigt"
    assert "Märta Ekström" in dialog.details.text()
    junk = tmp_path / "skräp.jwt"
    junk.write_text("x")
    dialog.check_file(junk)
    assert dialog.verdict.text() == "" and "VC-JWT" in dialog.error.text()
