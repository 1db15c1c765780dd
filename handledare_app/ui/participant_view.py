"""STUB: the Deltagarvy (issue 3, item 7) is built by another helper; the integrator
replaces this file. Only the signature is real."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App


def show_participant_view(
    app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
) -> None:
    """STUB: says that the view is not part of this build yet."""
    QMessageBox.information(
        parent, "Visa för deltagaren", "Deltagarvyn byggs av en annan del och kommer snart."
    )
