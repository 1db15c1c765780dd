"""The certificate's preview: the PDF with Skriv ut, Spara som and Spara digitalt intyg."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...domain.signing import CertificateInfo
from ...services.app import App
from ..tasks import wait_for
from .badge_files import save_digital_credentials
from .pdf_preview import PdfPreviewDialog


def certificate_preview(
    app: App, info: CertificateInfo, parent: QWidget | None = None
) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(
        wait_for(lambda: app.certificates.render(info.id)),
        f"Intyg {info.display_code}",
        f"intyg-{info.display_code}.pdf",
        parent,
    )
    dialog.add_button(
        "Spara &digitalt intyg …",
        "Spara digitalt intyg (Open Badges)",
        lambda: save_digital_credentials(dialog, app, info.id),
    )
    return dialog
