"""Kvalitetssäkring's certificate, portfolio and work plan PDFs (issue 14): made on the
task runner, one at a time, with the buttons that start them disabled meanwhile; the
preview opens when the PDF is ready and the window handles input all along."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ...domain.enums import Role
from ...domain.errors import UserError
from .. import tasks
from ..busy import later
from ..errors import show_user_error

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...domain.signing import QueueItem
    from ...services.app import App


class QualityPdfsMixin(QWidget):
    """For QualityPageWidget, which has the buttons, the queue and `refresh`."""

    app: App
    user: SupervisorInfo
    _pdf_task: tasks.Task | None
    certificate_button: QPushButton
    portfolio_button: QPushButton
    plan_button: QPushButton
    queue_portfolio: QPushButton

    if TYPE_CHECKING:  # the page's own, QualityPageWidget

        def _queue_item(self) -> QueueItem | None: ...

        def refresh(self) -> None: ...

    def _update_pdf_buttons(self) -> None:
        """While a certificate or PDF is being made, no button can start another one (no
        second certificate from a double click); otherwise they follow the user's roles."""
        idle = self._pdf_task is None
        staff = bool(self.user.roles & {Role.SUPERVISOR, Role.ADMIN})
        self.certificate_button.setEnabled(idle and staff)
        self.portfolio_button.setEnabled(idle)
        self.plan_button.setEnabled(idle)
        self.queue_portfolio.setEnabled(idle and self._queue_item() is not None)

    @property
    def making_pdf(self) -> bool:
        return self._pdf_task is not None

    def _preview(self, kind: str, participant_id: str) -> tasks.Task | None:
        """Make the PDF (issuing the certificate first) on the task runner; the window
        handles input meanwhile and the preview opens when it is ready (issue 14)."""
        if self._pdf_task is not None:
            return None
        app, user_id = self.app, self.user.id

        def work() -> Any:
            if kind == "intyg":
                info = app.certificates.issue(user_id, participant_id)
                return info, app.certificates.render(info.id)
            if kind == "portfolj":
                return app.documents.portfolio(participant_id)
            return app.documents.work_plan(participant_id)

        self.setCursor(Qt.CursorShape.BusyCursor)
        self._pdf_task = tasks.run_in_background(
            lambda _ctx: work(),
            lambda result: self._pdf_ready(kind, result),
            self._pdf_failed,
        )
        self._update_pdf_buttons()
        return self._pdf_task

    def _pdf_ended(self) -> None:
        self._pdf_task = None
        self.unsetCursor()
        self._update_pdf_buttons()

    def _pdf_ready(self, kind: str, result: Any) -> None:
        from ..signing.pdf_preview import PdfPreviewDialog

        self._pdf_ended()
        if kind == "intyg":
            from ..signing.certificate_preview import certificate_preview

            info, data = result
            self.refresh()  # the new certificate shows in the list
            dialog = certificate_preview(self.app, info, self, data)
        else:
            title, name = (
                ("Portfölj", "portfolj.pdf")
                if kind == "portfolj"
                else ("Arbetsplan", "arbetsplan.pdf")
            )
            dialog = PdfPreviewDialog(result, title, name, self)
        # open(), not exec(): no event loop nested inside the task runner's delivery.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _pdf_failed(self, exc: BaseException) -> None:
        self._pdf_ended()
        if not isinstance(exc, UserError):
            raise exc
        later(self, lambda: show_user_error(self, exc))  # a modal box: not inside the hand-over
