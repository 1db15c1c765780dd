"""Deltagare: one participant's page in place of the list, leaving it, and a hand-over."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...domain.errors import UserError
from ..errors import show_user_error

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ..participant.page import ParticipantPage
    from .participants import ParticipantsPageWidget


def open_participant(host: ParticipantsPageWidget, participant_id: str) -> ParticipantPage | None:
    """Show one participant in place of the list (the back button returns)."""
    from ..participant.page import ParticipantPage

    if not host.close_participant(refresh=False):
        return None
    try:
        page = ParticipantPage(host.app, host.user, participant_id, host.outer)
    except UserError as exc:
        show_user_error(host, exc)
        return None
    page.back_button.clicked.connect(lambda: host.close_participant())
    host.participant_page = page
    host.outer.addWidget(page)
    host.outer.setCurrentWidget(page)
    host.heading.hide()
    page.name_label.setFocus()
    return page


def may_leave(host: ParticipantsPageWidget) -> bool:
    """The main window asks before another page or closing (unsaved typed text)."""
    page = host.participant_page
    return page is None or page.may_leave()


def close_participant(
    host: ParticipantsPageWidget, *, refresh: bool = True, ask: bool = True
) -> bool:
    """False when the user keeps the page to save what they typed."""
    page = host.participant_page
    if page is None:
        return True
    if ask and not page.may_leave():
        return False
    host.participant_page = None
    host.outer.setCurrentWidget(host.list_view)
    host.outer.removeWidget(page)
    page.deleteLater()
    host.heading.show()
    if refresh:
        host.select_after_load = page.participant_id
        host.refresh()
        host.table.setFocus()
    return True


def hand_over(host: ParticipantsPageWidget, user: SupervisorInfo) -> None:
    """Another supervisor took over (idle lock): an open participant page is built
    again for them, on the same tab."""
    host.user = user
    page = host.participant_page
    if page is not None:
        tab = page.tabs.currentIndex()
        typed = page.typed_texts()  # nothing typed is lost in the hand-over
        host.close_participant(refresh=False, ask=False)
        reopened = host.open_participant(page.participant_id)
        if reopened is not None:
            reopened.tabs.setCurrentIndex(tab)
            reopened.restore_typed(typed)
    host.refresh()
    host.apply_filter()  # "Bara mina" follows the new user
