"""The certificate's preview: the PDF with Skriv ut, Spara som and Spara digitalt intyg."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...domain.signing import CertificateInfo
from ...services.app import App
from .badge_files import save_digital_credentials
from .pdf_preview import PdfPreviewDialog


def certificate_preview(
    app: App, info: CertificateInfo, parent: QWidget | None = None, data: bytes | None = None
) -> PdfPreviewDialog:
    """`data` is the rendered PDF: the window renders it on the task runner first (issue 14;
    see QualityPageWidget). Without it the PDF is rendered here, on the calling thread:
    only for screenshots and tests."""
    dialog = PdfPreviewDialog(
        app.certificates.render(info.id) if data is None else data,
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
