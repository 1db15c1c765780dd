"""Signing, quality assurance and certificate screens (issue 4).

`open_signoff_dialog(app, user, enrollment_id, parent)` is the one-line call the
Bedömning tab's `sign_requested(enrollment_id)` signal connects to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ...domain.records import SupervisorInfo
    from ...services.app import App


def open_signoff_dialog(
    app: App, user: SupervisorInfo, enrollment_id: str, parent: QWidget | None = None
) -> bool:
    """Show the sign-off dialog; True if the module was signed."""
    from .signoff_dialog import SignoffDialog

    dialog = SignoffDialog(app, user, enrollment_id, parent)
    return bool(dialog.exec())


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """(file stem, widget) pairs of this package's screens, for `screenshots`."""
    from .screenshots import screenshot_widgets as build

    return build(app, user, participant_id)
