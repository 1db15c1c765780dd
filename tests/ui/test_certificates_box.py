"""Intyg och portfölj on the participant page (issue 13), and roles (issue 13 item 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import PermissionDenied
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.certificates_box import CertificatesBox
from handledare_app.ui.signing.pdf_preview import PdfPreviewDialog
from tests.signing_helpers import IK_PIN, add_ik, ready_module, sign

from .conftest import Boxes


def test_signed_modules_certificate_and_the_suggested_file_name(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box = CertificatesBox(app, admin, participant.id)
    qtbot.addWidget(box)
    box.refresh()
    assert "Ingen modul är signerad" in box.status_label.text()
    assert not box.certificate_button.isEnabled() and box.portfolio_button.isEnabled()
    eid = ready_module(app, admin.id, participant.id)
    signed = sign(app, admin.id, eid)
    box.refresh()
    text = box.status_label.text()
    assert signed.module_title in text and "Inget intyg är utfärdat ännu." in text
    shown: list[tuple[str, str]] = []

    def record(dialog: PdfPreviewDialog) -> None:
        shown.append((dialog.windowTitle(), dialog.suggested_name))

    monkeypatch.setattr(PdfPreviewDialog, "open", record)
    assert box.show_certificate() is not None  # made on the task runner (issue 14)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    today = dt.date.today().isoformat()
    assert shown[0][1] == f"Intyg Märta Ekström {today}.pdf"
    [issued] = app.certificates.issued(participant.id)
    assert "Senaste intyget" in box.status_label.text()
    assert f"utfärdat {today}, kontrollkod {issued.display_code}" in box.status_label.text()
    assert box.show_portfolio() is not None
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    assert shown[1][1] == f"Portfölj Märta Ekström {today}.pdf"


def test_quality_assurer_cannot_issue_and_buttons_follow_the_user(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    sign(app, admin.id, eid)
    ik = app.supervisors.login(add_ik(app, admin.id), IK_PIN)
    with pytest.raises(PermissionDenied, match="rollen handledare"):
        app.certificates.issue(ik.id, participant.id)
    assert app.certificates.issued(participant.id) == []
    box = CertificatesBox(app, ik, participant.id)
    qtbot.addWidget(box)
    box.refresh()
    assert not box.certificate_button.isEnabled() and box.portfolio_button.isEnabled()

    from handledare_app.ui.pages.quality import QualityPageWidget

    page = QualityPageWidget(app, admin)
    qtbot.addWidget(page)
    page.refresh()
    assert page.certificate_button.isEnabled()
    page.set_user(ik)  # the idle lock hands the window over
    assert not page.certificate_button.isEnabled() and not page.sign_button.isEnabled()
    page.set_user(admin)
    assert page.certificate_button.isEnabled()


def test_the_overview_reads_the_certificates_off_the_gui_thread(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Översikt loads on a worker; its certificates box used to read the signed modules
    and certificates on the GUI thread afterwards. Now the loader reads them too."""
    import threading

    from handledare_app.ui.participant.overview_tab import OverviewTab

    threads: list[bool] = []
    real = app.certificates.issued

    def issued(participant_id: str | None = None):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real(participant_id)

    monkeypatch.setattr(app.certificates, "issued", issued)
    tab = OverviewTab(app, admin, participant.id)
    qtbot.addWidget(tab)
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.loading, timeout=5000)
    assert threads == [False]
    assert "Ingen modul är signerad" in tab.certificates.status_label.text()
