"""Intyg och portfölj on the participant page (issue 13): the signed modules, whether a
certificate is issued, and buttons that show and save them. Used on Översikt and Avslut.

The certificate and the portfolio are made on the task runner (issue 14): both buttons
are disabled meanwhile (no second certificate from a double click), the window handles
input, and the preview opens when the PDF is ready.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...domain.enums import Role
from ...domain.signing import CertificateInfo, SignoffInfo
from ...domain.swedish import count_text
from .. import tasks
from ..busy import run_busy
from ..errors import user_errors
from ..widgets import text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


def certificate_file_name(participant_name: str, on: dt.date) -> str:
    """Spara som suggests this in the user's Documents folder (the user's own choice;
    nothing leaves the laptop under this name by itself)."""
    return f"Intyg {participant_name} {on.isoformat()}.pdf"


def status_text(signed: list[SignoffInfo], certificates: list[CertificateInfo]) -> str:
    if not signed:
        return "Ingen modul är signerad ännu, så det finns inget intyg att skriva ut."
    lines = ["Signerade moduler:"]
    lines += [f"•  {s.module_title} (signerad {s.signed_on.isoformat()})" for s in signed]
    valid = [c for c in certificates if not c.revoked]
    if valid:
        latest = valid[-1]
        kind = " (preliminärt tills stickprovet är granskat)" if latest.preliminary else ""
        modules = count_text(len(latest.module_titles), "modul", "moduler")
        lines.append(
            f"Senaste intyget{kind}: utfärdat {latest.issued_on.isoformat()}, kontrollkod "
            f"{latest.display_code}, med {modules}."
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
        self._task: tasks.Task | None = None  # a certificate or portfolio being made

    def refresh(self) -> None:
        signed, certificates = self.signed, []
        with user_errors(self):
            signed = self.app.signing.for_participant(self.participant_id)
            certificates = self.app.certificates.issued(self.participant_id)
        self.show_state(signed, certificates)

    def show_state(self, signed: list[SignoffInfo], certificates: list[CertificateInfo]) -> None:
        """Show what `refresh` reads; a caller that read it off the GUI thread (the
        Översikt tab's loader) hands it over here."""
        self.signed = signed
        self.status_label.setText(status_text(signed, certificates))
        staff = self._staff()
        self._update_certificate_button()
        self.certificate_button.setToolTip(
            ""
            if staff
            else "Intyg skrivs av en handledare; som kvalitetssäkrare kan du läsa portföljen."
        )

    def _staff(self) -> bool:
        return bool(self.user.roles & {Role.SUPERVISOR, Role.ADMIN})

    def _update_certificate_button(self) -> None:
        self.certificate_button.setEnabled(
            bool(self.signed) and self._staff() and self._task is None
        )

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _preview(self, data: bytes, title: str, name: str) -> None:
        from ..signing.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(data, title, name, self)
        # open(), not exec(): no event loop nested inside the task runner's delivery.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], object]) -> tasks.Task | None:
        if self._task is not None:
            return None

        def ended() -> None:
            self._task = None

        def done(result: Any) -> None:
            self._update_certificate_button()  # the roles may have changed meanwhile
            on_done(result)

        self._task = run_busy(
            [self.certificate_button, self.portfolio_button], self, work, done, on_end=ended
        )
        return self._task

    def show_certificate(self) -> tasks.Task | None:
        """Issue (or reuse) the certificate and render it off the GUI thread, then show it."""
        app, user_id, participant_id = self.app, self.user.id, self.participant_id

        def work() -> tuple[CertificateInfo, bytes, str]:
            info = app.certificates.issue(user_id, participant_id)
            data = app.certificates.render(info.id)
            return info, data, app.participants.get(participant_id).name

        def done(result: tuple[CertificateInfo, bytes, str]) -> None:
            info, data, person = result
            self.refresh()
            self._preview(
                data, f"Intyg {info.display_code}", certificate_file_name(person, info.issued_on)
            )

        return self._run(work, done)

    def show_portfolio(self) -> tasks.Task | None:
        app, participant_id = self.app, self.participant_id

        def work() -> tuple[bytes, str]:
            return (
                app.documents.portfolio(participant_id),
                app.participants.get(participant_id).name,
            )

        def done(result: tuple[bytes, str]) -> None:
            data, person = result
            name = f"Portfölj {person} {dt.date.today().isoformat()}.pdf"
            self._preview(data, "Portfölj", name)

        return self._run(work, done)
