"""Screenshots of the Deltagare page: one participant on every tab, no matches, the dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from .participants import ParticipantsPageWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The participant page once per tab, the list without matches, and the dialogs."""
    from ..formatting import file_stem
    from ..main_window import MainWindow
    from ..new_participant_dialog import NewParticipantDialog
    from ..participant.follow_ups_tab import FollowUpDialog
    from ..participant.module_picker import ModulePickerDialog
    from ..participant.page import TAB_TITLES

    def participants_page(window: MainWindow) -> ParticipantsPageWidget:
        return next(p for p in window.page_widgets if isinstance(p, ParticipantsPageWidget))

    out: list[tuple[str, QWidget]] = []
    for title in TAB_TITLES:
        window = MainWindow(app, user)
        page = participants_page(window).open_participant(participant_id)
        if page is not None:
            page.show_tab(title)
        out.append((f"deltagarsida-{file_stem(title)}", window))

    window = MainWindow(app, user)
    participants_page(window).search_edit.setText("Zacharias")
    participants_page(window).apply_filter()
    out.append(("deltagare-inga-traffar", window))

    new = NewParticipantDialog(app, user)
    new.first_name_edit.setText("Märta")
    new.last_name_edit.setText("Ekström")
    new.planned_end.check.setChecked(True)
    new.consent_check.setChecked(True)
    out.append(("ny-deltagare-dialog", new))

    follow_up = FollowUpDialog(app, user, participant_id)
    follow_up.date_edit.setDate(follow_up.date_edit.date().addDays(-2))
    follow_up.attendees_edit.setText("Deltagaren, handledaren, handläggare från kommunen")
    follow_up.notes_edit.setPlainText(
        "Gick igenom veckans arbete i kassan. Deltagaren tar egna initiativ och vill prova "
        "fler arbetsuppgifter i butiken."
    )
    follow_up.next_steps_edit.setPlainText("Prova prismärkning nästa vecka.")
    out.append(("uppfoljning-dialog", follow_up))

    picker = ModulePickerDialog(app, set())
    if picker.module_list.count():
        picker.module_list.setCurrentRow(0)
    out.append(("modul-valj-dialog", picker))
    return out
