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
    """Run the wizard when needed. None: cancelled, or set up but nobody logged in yet.
    Raises Reopened when the wizard restored a copy (the data folder reopened in place)."""
    wizard = SetupWizard(app)
    accepted = wizard.exec() == QDialog.DialogCode.Accepted
    if wizard.fatal is not None:
        raise wizard.fatal
    if wizard.reopened_app is not None:  # issue 11: restored from a copy
        raise Reopened(wizard.reopened_app, wizard.admin_id if accepted else None)
    if not accepted or wizard.admin_id is None:
        return None
    with user_errors(None):
        return app.supervisors.get(wizard.admin_id)
    return None


def log_in(app: App) -> SupervisorInfo | None:
    dialog = LoginDialog(app)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.supervisor


class Reopened(Exception):
    """The wizard restored a copy into the data folder and reopened it: `app` replaces
    the App the wizard was given (that one is closed)."""

    def __init__(self, app: App, admin_id: str | None = None) -> None:
        super().__init__("reopened")
        self.app = app
        self.admin_id = admin_id  # set up anew after a failed restore: logged in


def open_session(app: App) -> tuple[App, SupervisorInfo] | None:
    """Wizard (the new admin is logged in) or login dialog: the App to go on with and the
    supervisor. None means: quit quietly. After a restore in the wizard the restored data
    is opened in place and the login follows, without a restart; the App returned then
    replaces `app` (closed), and the caller closes it at the end."""
    if not app.setup.is_set_up():
        try:
            user = first_run(app)
        except Reopened as exc:
            return _log_in_reopened(exc.app, exc.admin_id)
        if user is not None:
            return app, user
        if not app.setup.is_set_up():
            return None
    user = log_in(app)
    return (app, user) if user is not None else None


def _log_in_reopened(app: App, admin_id: str | None) -> tuple[App, SupervisorInfo] | None:
    if app.setup.is_set_up():
        show_startup_notices(app)
        user = app.supervisors.get(admin_id) if admin_id is not None else log_in(app)
        if user is not None:
            return app, user
    app.close()
    return None


def start_session(app: App) -> SupervisorInfo | None:
    """`open_session` for callers that go on with `app` itself (a restore in the wizard
    replaces it: then None, and the reopened App is closed)."""
    opened = open_session(app)
    if opened is None:
        return None
    if opened[0] is not app:
        opened[0].close()
        return None
    return opened[1]
