"""Intyg och portfölj on the participant page (issue 13): the signed modules, whether a
certificate is issued, and buttons that show and save them. Used on Översikt and Avslut.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...domain.enums import Role
from ...domain.errors import UserError
from ...domain.signing import CertificateInfo, SignoffInfo
from ..errors import show_user_error, user_errors, wait_cursor
from ..widgets import text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


def certificate_file_name(participant_name: str, on: dt.date) -> str:
    """Spara som suggests this in the user's Documents folder (the user's own choice;
    nothing leaves the laptop under this name by itself)."""
    return f"Intyg {participant_name} {on.isoformat()}.pdf"


def modules_text(n: int) -> str:
    return "1 modul" if n == 1 else f"{n} moduler"


def status_text(signed: list[SignoffInfo], certificates: list[CertificateInfo]) -> str:
    if not signed:
        return "Ingen modul är signerad ännu, så det finns inget intyg att skriva ut."
    lines = ["Signerade moduler:"]
    lines += [f"•  {s.module_title} (signerad {s.signed_on.isoformat()})" for s in signed]
    valid = [c for c in certificates if not c.revoked]
    if valid:
        latest = valid[-1]
        kind = " (preliminärt tills stickprovet är granskat)" if latest.preliminary else ""
        lines.append(
            f"Senaste intyget{kind}: utfärdat {latest.issued_on.isoformat()}, kontrollkod "
            f"{latest.display_code}, med {modules_text(len(latest.module_titles))}."
        )
        if len(latest.module_titles) < len(signed):
            lines.append("Fler moduler är signerade sedan dess: Intyg … skriver ett nytt.")
    else:
        lines.append("Inget intyg är utfärdat ännu.")
    return "\n".join(lines)


class CertificatesBox(QGroupBox):
    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__("Intyg och portfölj", parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.status_label = text_label("", self)
        self.status_label.setAccessibleName("Signerade moduler och intyg")
        self.certificate_button = QPushButton("&Intyg …", self)
        self.certificate_button.setAccessibleName("Visa, skriv ut eller spara intyget")
        self.certificate_button.clicked.connect(self.show_certificate)
        self.portfolio_button = QPushButton("&Portfölj …", self)
        self.portfolio_button.setAccessibleName("Visa, skriv ut eller spara portföljen")
        self.portfolio_button.clicked.connect(self.show_portfolio)
        row = QHBoxLayout()
        row.addWidget(self.certificate_button)
        row.addWidget(self.portfolio_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addLayout(row)
        self.signed: list[SignoffInfo] = []

    def refresh(self) -> None:
        certificates: list[CertificateInfo] = []
        with user_errors(self):
            self.signed = self.app.signing.for_participant(self.participant_id)
            certificates = self.app.certificates.issued(self.participant_id)
        self.status_label.setText(status_text(self.signed, certificates))
        staff = bool(self.user.roles & {Role.SUPERVISOR, Role.ADMIN})
        self.certificate_button.setEnabled(bool(self.signed) and staff)
        self.certificate_button.setToolTip(
            ""
            if staff
            else "Intyg skrivs av en handledare; som kvalitetssäkrare kan du läsa portföljen."
        )

    def _preview(self, data: bytes, title: str, name: str) -> None:
        from ..signing.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(data, title, name, self)
        dialog.exec()
        dialog.deleteLater()

    def show_certificate(self) -> bool:
        try:
            with wait_cursor():
                info = self.app.certificates.issue(self.user.id, self.participant_id)
                data = self.app.certificates.render(info.id)
                person = self.app.participants.get(self.participant_id)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        name = certificate_file_name(person.name, info.issued_on)
        self._preview(data, f"Intyg {info.display_code}", name)
        self.refresh()
        return True

    def show_portfolio(self) -> bool:
        try:
            with wait_cursor():
                data = self.app.documents.portfolio(self.participant_id)
                person = self.app.participants.get(self.participant_id)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        name = f"Portfölj {person.name} {dt.date.today().isoformat()}.pdf"
        self._preview(data, "Portfölj", name)
        return True
