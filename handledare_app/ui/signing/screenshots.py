"""Screens of issue 4 for `handledare-app screenshots`, filled with demo data."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ...domain.signing import SignatureMethod

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    from ...services.demo_signing import demo_strokes
    from ..pages.quality import QualityPageWidget
    from .certificate_preview import certificate_preview
    from .pdf_preview import PdfPreviewDialog
    from .signoff_dialog import SignoffDialog
    from .status_widget import SignoffStatusWidget
    from .verify_dialog import VerifyDialog

    out: list[tuple[str, QWidget]] = []
    for index, stem in enumerate(
        (
            "kvalitetssakring-att-signera",
            "kvalitetssakring-stickprov",
            "kvalitetssakring-intyg",
            "kvalitetssakring-installningar",
        )
    ):
        page = QualityPageWidget(app, user)
        page.refresh()
        page.tabs.setCurrentIndex(index)
        if index == 1 and page.queue_model.rowCount():
            page.queue_table.selectRow(0)
        if index == 2 and page.signed_model.rowCount():
            page.signed_table.selectRow(0)
        out.append((stem, page))

    ready = app.signing.ready_for_signing()
    mine = [r for r in ready if r.participant_id == participant_id] or ready
    if mine:
        dialog = SignoffDialog(app, user, mine[0].enrollment_id)
        dialog.participant_sig.pad.set_strokes(demo_strokes(random.Random(7)))
        dialog.supervisor_sig.set_method(SignatureMethod.TYPED)
        out.append(("signering-dialog", dialog))
        paper = SignoffDialog(app, user, mine[0].enrollment_id)
        paper.participant_sig.set_method(SignatureMethod.PAPER)
        paper.participant_sig.set_scan("blankett-skannad.pdf")
        out.append(("signering-papper", paper))

    certificates = [c for c in app.certificates.issued() if not c.revoked]
    verify = VerifyDialog(app)
    if certificates:
        verify.code.setText(certificates[0].display_code.lower())
        verify.check()
    out.append(("kontrollera-intyg", verify))
    if certificates:
        out.append(("intyg-forhandsgranskning", certificate_preview(app, certificates[0])))
    printing = PdfPreviewDialog(app.documents.portfolio(participant_id), "Portfölj", "portfolj.pdf")
    printing.show_print_progress(0, printing.document.pageCount())  # the look only (issue 14)
    out.append(("utskrift-pagar", printing))
    status = SignoffStatusWidget(app, participant_id)
    status.resize(700, status.sizeHint().height())
    out.append(("signeringsstatus-deltagare", status))
    return out
