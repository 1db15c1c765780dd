"""One participant: name, placement and responsible supervisor, the journey as a stepper,
and tabs for each part of the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import JourneyStage, Role
from ...domain.records import ParticipantDetail
from ..discard_guard import may_discard_tabs
from ..errors import user_errors
from ..formatting import format_date
from ..widgets import heading_label, scrolling, text_label
from .assessment_tab import AssessmentTab
from .closure_tab import ClosureTab
from .evidence_tab import EvidenceTab
from .follow_ups_tab import FollowUpsTab
from .introduction_tab import IntroductionTab
from .overview_tab import OverviewTab
from .stepper import JourneyStepper, missing_text
from .work_plan_tab import WorkPlanTab

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App

TAB_TITLES = (
    "Översikt",
    "Introduktion",
    "Arbetsplan",
    "Uppföljningar",
    "Bevis",
    "Bedömning",
    "Avslut",
)


def placement_summary(detail: ParticipantDetail, responsible: str) -> str:
    parts = []
    current = detail.current_placement
    if current is not None:
        if current.end_date is None:
            parts.append(f"{current.type.label} sedan {format_date(current.start_date)}")
        else:
            parts.append(
                f"{current.type.label}, avslutad {format_date(current.end_date)}"
                + (f" ({current.outcome.label.lower()})" if current.outcome else "")
            )
    parts.append(f"Ansvarig handledare: {responsible or 'ingen vald'}")
    return " · ".join(parts)


class ParticipantPage(QWidget):
    """Raises NotFoundError (a UserError) when the participant does not exist."""

    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.detail = app.participants.get(participant_id)
        editable = user.active and bool(user.roles & {Role.SUPERVISOR, Role.ADMIN})
        self.editable = editable

        self.back_button = QPushButton("← &Alla deltagare", self)
        self.back_button.setAccessibleName("Tillbaka till alla deltagare")
        self.show_view_button = QPushButton("&Visa för deltagaren", self)
        self.show_view_button.setAccessibleName("Visa för deltagaren")
        self.show_view_button.setToolTip("Helskärmsvy som deltagaren själv kan titta på")
        self.badge_button = QPushButton("Digitalt int&yg …", self)
        self.badge_button.setAccessibleName("Spara digitalt intyg (Open Badges)")
        self.badge_button.setToolTip(
            "De signerade modulerna som Open Badges 3.0-filer och -bilder"
            if editable
            else "Intyg skrivs av en handledare; som kvalitetssäkrare kan du läsa portföljen."
        )
        self.badge_button.setEnabled(editable)  # issuing needs a supervisor or an admin
        self.edit_button = QPushButton("&Ändra uppgifter …", self)
        self.edit_button.setAccessibleName("Ändra uppgifter")
        self.edit_button.setToolTip("Namn, födelseår, kontaktuppgifter, datum och samtycke")
        self.edit_button.setEnabled(editable)
        self.edit_button.clicked.connect(self.edit_details)
        self.name_label = heading_label("", 1, self)
        self.name_label.setAccessibleName("Deltagarens namn")
        self.info_label = text_label(parent=self)
        self.stepper = JourneyStepper(self)
        self.missing_label = text_label(parent=self)
        self.missing_label.setAccessibleName("Det som saknas på deltagarens väg")

        # Two rows of buttons: in one, six buttons at 150 % font made the page wider than
        # a 1366-pixel screen. The rarer documents sit beside the name.
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.show_view_button)
        from .privacy_actions import PrivacyActions  # issue 15

        self.privacy_actions = PrivacyActions(app, user, participant_id, self)
        self.privacy_actions.erased.connect(self.refresh)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_label, 1)
        name_row.addWidget(self.badge_button, 0, Qt.AlignmentFlag.AlignBottom)
        name_row.addWidget(self.privacy_actions, 0, Qt.AlignmentFlag.AlignBottom)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Deltagarens flikar")
        self.overview_tab = OverviewTab(app, user, participant_id, self.tabs)
        self.introduction_tab = IntroductionTab(
            app, user, participant_id, self.tabs, editable=editable
        )
        self.work_plan_tab = WorkPlanTab(app, user, participant_id, self.tabs, editable=editable)
        self.follow_ups_tab = FollowUpsTab(app, user, participant_id, self.tabs, editable=editable)
        self.evidence_tab = EvidenceTab(app, user, participant_id, self.tabs)
        self.assessment_tab = AssessmentTab(app, user, participant_id, self.tabs)
        self.closure_tab = ClosureTab(app, user, participant_id, self.tabs, editable=editable)
        for title, tab in zip(TAB_TITLES, self.all_tabs(), strict=True):
            self.tabs.addTab(tab, title)
            tab.changed.connect(self._tab_changed)  # type: ignore[attr-defined]
        self.tabs.currentChanged.connect(self._tab_shown)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(name_row)
        layout.addWidget(self.info_label)
        layout.addWidget(self.stepper)
        layout.addWidget(self.missing_label)
        # At 150 % font the Bedömning tab needed more height than a 768-pixel screen has and
        # pushed the window's bottom off the screen: the tabs scroll instead.
        self.tabs_scroll = scrolling(self.tabs, "Deltagarens flikar, rullbar", self)
        layout.addWidget(self.tabs_scroll, 1)
        self.show_view_button.clicked.connect(self.show_participant_view)
        self.badge_button.clicked.connect(self.save_digital_credentials)
        self.assessment_tab.sign_requested.connect(self.sign_module)
        # Tabs load when first shown (opening the page reads only what is visible);
        # a change in one tab marks the others as stale.
        self._fresh: set[int] = set()
        self._show_header()
        self._tab_shown(self.tabs.currentIndex())

    def all_tabs(self) -> list[QWidget]:
        return [
            self.overview_tab,
            self.introduction_tab,
            self.work_plan_tab,
            self.follow_ups_tab,
            self.evidence_tab,
            self.assessment_tab,
            self.closure_tab,
        ]

    def unsaved_tabs(self) -> list[str]:
        """Titles of the tabs holding typed text that is not saved yet."""
        out = []
        for title, tab in zip(TAB_TITLES, self.all_tabs(), strict=True):
            check = getattr(tab, "has_unsaved_text", None)
            if check is not None and check():
                out.append(title)
        return out

    def may_leave(self) -> bool:
        """Leaving the page (back, another participant, another page, closing the window):
        typed text is thrown away only when the user says so."""
        return may_discard_tabs(self, self.unsaved_tabs())

    def typed_texts(self) -> dict[str, str]:
        """Unsaved typed text, kept when the page is rebuilt for another user."""
        out: dict[str, str] = {}
        if self.work_plan_tab.has_unsaved_text():
            out["goals"] = self.work_plan_tab.goals_edit.toPlainText()
            out["activities"] = self.work_plan_tab.activities_edit.toPlainText()
        if self.introduction_tab.has_unsaved_text():
            out["reason"] = self.introduction_tab.reason_edit.text()
        return out

    def restore_typed(self, typed: dict[str, str]) -> None:
        if "goals" in typed:
            self.work_plan_tab.refresh()
            self.work_plan_tab.goals_edit.setPlainText(typed["goals"])
            self.work_plan_tab.activities_edit.setPlainText(typed["activities"])
            self._fresh.add(TAB_TITLES.index("Arbetsplan"))
        if "reason" in typed:
            self.introduction_tab.reason_edit.setText(typed["reason"])

    def show_tab(self, title: str) -> QWidget:
        index = TAB_TITLES.index(title)
        self.tabs.setCurrentIndex(index)
        return self.all_tabs()[index]

    def _show_header(self) -> None:
        responsible = ""
        if self.detail.responsible_id:
            with user_errors(self):
                responsible = self.app.supervisors.get(self.detail.responsible_id).name
        self.name_label.setText(self.detail.name)
        self.info_label.setText(placement_summary(self.detail, responsible))
        gaps: dict[JourneyStage, str] = {}
        with user_errors(self):
            gaps = self.app.journey_status.gaps(self.participant_id)
        self.stepper.set_stage(self.detail.stage, gaps)
        missing = missing_text(self.detail.stage, gaps)
        self.missing_label.setText(missing)
        self.missing_label.setVisible(bool(missing))

    def _reload_detail(self) -> None:
        with user_errors(self):
            self.detail = self.app.participants.get(self.participant_id)
        self._show_header()

    def _tab_changed(self) -> None:
        """A tab saved something: the header and stepper follow, the other tabs reload
        when they are next shown (the overview, always one click away, at once)."""
        self._reload_detail()
        tabs = self.all_tabs()
        sender = self.sender()
        self._fresh = {tabs.index(sender)} if sender in tabs else set()
        if sender is not self.overview_tab:
            self.overview_tab.refresh()
            self._fresh.add(0)

    def _tab_shown(self, index: int) -> None:
        if index < 0 or index in self._fresh:
            return
        tab = self.all_tabs()[index]
        if tab is self.work_plan_tab and self.work_plan_tab.has_unsaved_text():
            return  # keep what is being typed
        refresh = getattr(tab, "refresh", None)
        if refresh is not None:
            refresh()
        self._fresh.add(index)

    def refresh(self) -> None:
        """Everything may have changed elsewhere: reload the visible tab, the rest later."""
        self._reload_detail()
        self._fresh = set()
        self._tab_shown(self.tabs.currentIndex())

    def sign_module(self, enrollment_id: str) -> bool:
        """The sign-off dialog for a module that is klar för signering (issue 4)."""
        from ..signing import open_signoff_dialog

        signed = open_signoff_dialog(self.app, self.user, enrollment_id, self)
        if signed:
            self.refresh()
            self.overview_tab.refresh()
        return signed

    def make_edit_dialog(self) -> QDialog:
        from .edit_dialog import EditParticipantDialog

        return EditParticipantDialog(self.app, self.user, self.participant_id, self)

    def edit_details(self) -> bool:
        dialog = self.make_edit_dialog()
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if saved:
            self.refresh()
            self.overview_tab.refresh()
        return saved

    def show_participant_view(self) -> None:
        from ..participant_view import show_participant_view

        show_participant_view(self.app, self.user, self.participant_id, self)

    def save_digital_credentials(self) -> None:
        """The current certificate's modules as Open Badges 3.0 files (issue 16)."""
        from ..signing.badge_files import save_digital_credentials

        with user_errors(self):
            info = self.app.certificates.issue(self.user.id, self.participant_id)
            save_digital_credentials(self, self.app, info.id)
