"""Signing, as walked in the GUI: an error about an empty signature goes away once the
signature is drawn (it stayed, contradicting the drawn pad), and the message after
signing says where the certificate is made (the next step of the day)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.domain.signing import SignatureMethod
from handledare_app.services.app import App
from handledare_app.ui.signing.signoff_dialog import WHERE_CERTIFICATE, SignoffDialog
from handledare_app.ui.tasks import wait_for_all
from tests.conftest import ADMIN_PIN
from tests.signing_helpers import SQUIGGLE, ready_module

from .conftest import Boxes


def test_drawing_the_missing_signature_clears_the_stale_error(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pin.setText(ADMIN_PIN)
    dialog._sign()
    assert "ritade signatur är tom" in dialog.error.text()
    assert dialog.error.isVisibleTo(dialog)
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    assert not dialog.error.isVisibleTo(dialog)

    dialog.pin.setText(ADMIN_PIN)
    dialog._sign()  # the supervisor's pad is still empty: the service says so
    wait_for_all()
    assert "signatur" in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    dialog.supervisor_sig.methods[SignatureMethod.TYPED].click()  # another way to sign
    assert not dialog.error.isVisibleTo(dialog)


def test_the_signed_message_says_where_the_certificate_is(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    eid = ready_module(app, admin.id, participant.id)
    dialog = SignoffDialog(app, admin, eid)
    qtbot.addWidget(dialog)
    dialog.participant_sig.pad.set_strokes(SQUIGGLE)
    dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
    dialog.pin.setText(ADMIN_PIN)
    dialog._sign()
    wait_for_all()
    assert dialog.signed_id is not None
    signed = [t for t in boxes.texts("information") if "är signerad" in t]
    assert len(signed) == 1 and signed[0].endswith(WHERE_CERTIFICATE)
    assert "Översikt" in WHERE_CERTIFICATE and "Intyg" in WHERE_CERTIFICATE
