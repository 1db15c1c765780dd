"""Getting from an open data folder to a logged-in supervisor: first-run wizard or login."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ..domain.records import SupervisorInfo
from .errors import user_errors
from .login_dialog import LoginDialog
from .setup_wizard import SetupWizard

if TYPE_CHECKING:
    from ..services.app import App


def show_startup_notices(app: App, parent: QWidget | None = None) -> None:
    for notice in app.startup.notices:
        QMessageBox.information(parent, "Handledarappen", notice)


def first_run(app: App) -> SupervisorInfo | None:
    """Run the wizard when needed. None: cancelled, or set up but nobody logged in yet."""
    wizard = SetupWizard(app)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.admin_id is None:
        if wizard.restart_needed:  # restored from a copy (issue 11): start again
            raise RestartNeeded()
        return None
    with user_errors(None):
        return app.supervisors.get(wizard.admin_id)
    return None


def log_in(app: App) -> SupervisorInfo | None:
    dialog = LoginDialog(app)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.supervisor


class RestartNeeded(Exception):
    """The wizard restored a copy into the data folder; the app closes to start again."""


def start_session(app: App) -> SupervisorInfo | None:
    """Wizard (the new admin is logged in) or login dialog. None means: quit quietly."""
    if not app.setup.is_set_up():
        try:
            user = first_run(app)
        except RestartNeeded:
            return None
        if user is not None:
            return user
        if not app.setup.is_set_up():
            return None
    return log_in(app)
