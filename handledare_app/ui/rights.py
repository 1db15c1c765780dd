"""Who may press what: one place for the role checks of buttons (issue 13).

The services refuse what a role may not do; these helpers keep the buttons in step,
also after another supervisor takes over the window at the lock screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..domain.enums import Role
from ..domain.records import SupervisorInfo

STAFF_ONLY = "Det här kräver rollen handledare."
ADMIN_ONLY = "Bara en administratör kan göra det här."


def is_staff(user: SupervisorInfo) -> bool:
    """May change participants and their records (a quality assurer alone only reviews)."""
    return user.active and bool(user.roles & {Role.SUPERVISOR, Role.ADMIN})


def is_admin(user: SupervisorInfo) -> bool:
    return user.active and Role.ADMIN in user.roles


def allow(widget: QWidget, allowed: bool, reason: str, *, ready: bool = True) -> None:
    """Enable `widget` when the user may use it and it is `ready` (e.g. no task running);
    a refused user sees why in the tooltip."""
    widget.setEnabled(allowed and ready)
    widget.setToolTip("" if allowed else reason)
