"""Deltagarvy: a full-screen view that shows a participant their own progress.

Big text and short Swedish sentences, the journey as a picture and one bar per
module; no tables, nobody else's data, no personnummer and no supervisor notes (the
data comes from `ParticipantViewService.own_view`, which holds nothing more). Leaving
needs the logged-in supervisor's PIN: Escape, the close button and Alt+F4 open the
PIN prompt; a wrong PIN keeps the view. The content is in participant_view_body.py.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import UserError
from ..services.pin_guard import wait_text
from .errors import expected_error
from .participant_view_body import OwnProgressBody
from .tasks import run_in_background
from .widgets import ErrorLabel, FitScrollArea, pin_line_edit

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App

PIN_HINT = "Handledaren skriver sin PIN-kod för att stänga vyn."
WRONG_PIN = "Fel PIN-kod. Vyn är kvar."
CHECKING = "Kontrollerar PIN-koden …"
# Guessing a 4-digit PIN from the participant's chair is slowed down by the service's
# throttle (services/pin_guard.py, kept across restarts): the field rests while it says.

# Views kept alive while open when nobody else holds them (parent None).
_open_views: set[ParticipantViewDialog] = set()


def resting_text(seconds: float) -> str:
    return f"Fel PIN-kod. Vyn är kvar. Vänta {wait_text(seconds)} och försök igen."


class ParticipantViewDialog(QDialog):
    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        participant_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.unlocked = False
        self.checking = False
        self._generation = 0  # a PIN check's answer counts only while this is unchanged
        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.timeout.connect(self._pause_over)
        self.setWindowTitle("Deltagarvy")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAccessibleName("Deltagarvy")
        self.view = app.participant_view.own_view(participant_id)

        outer = QVBoxLayout(self)
        scroll = FitScrollArea(self)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Din utveckling")
        self.body = OwnProgressBody(app, self.view, self.fontMetrics().height(), scroll)
        self.greeting, self.journey = self.body.greeting, self.body.journey
        self.journey_text, self.bars = self.body.journey_text, self.body.bars
        self.scroll_area = scroll
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        outer.addWidget(self._build_pin_panel())

    # --- leaving ---------------------------------------------------------------------

    def _build_pin_panel(self) -> QWidget:
        bar = QWidget(self)
        layout = QHBoxLayout(bar)
        self.close_button = QPushButton("Stäng vyn …", bar)
        self.close_button.setAccessibleName("Stäng vyn (kräver handledarens PIN-kod)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.ask_pin)
        layout.addStretch(1)
        layout.addWidget(self.close_button)

        self.pin_panel = QWidget(bar)
        pin_layout = QHBoxLayout(self.pin_panel)
        pin_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(f"{PIN_HINT} &PIN-kod:", self.pin_panel)
        self.pin_edit = pin_line_edit("Handledarens PIN-kod", self.pin_panel)
        hint.setBuddy(self.pin_edit)
        self.pin_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 16)
        self.unlock_button = QPushButton("&Stäng", self.pin_panel)
        self.unlock_button.setAccessibleName("Stäng med PIN-koden")
        self.unlock_button.setDefault(True)  # Enter in the PIN field
        self.stay_button = QPushButton("&Fortsätt visa", self.pin_panel)
        self.stay_button.setAccessibleName("Fortsätt visa")
        self.stay_button.setAutoDefault(False)
        self.pin_error = ErrorLabel(self.pin_panel)
        self.pin_status = QLabel(CHECKING, self.pin_panel)
        self.pin_status.hide()
        pin_layout.addWidget(hint)
        pin_layout.addWidget(self.pin_edit)
        pin_layout.addWidget(self.unlock_button)
        pin_layout.addWidget(self.stay_button)
        pin_layout.addWidget(self.pin_status)
        pin_layout.addWidget(self.pin_error, 1)
        self.pin_panel.setVisible(False)
        layout.insertWidget(0, self.pin_panel, 10)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.pin_edit.textEdited.connect(lambda _t: self.pin_error.clear_error())
        self.stay_button.clicked.connect(self.hide_pin)
        return bar

    def ask_pin(self) -> None:
        self.close_button.setVisible(False)
        self.pin_panel.setVisible(True)
        self.pin_edit.setFocus()

    def hide_pin(self) -> None:
        if self.checking:  # Fortsätt visa during a check: its answer will do nothing
            self._generation += 1
            self._set_checking(False)
        self.pin_edit.clear()
        if not self.pause_timer.isActive():  # a resting field keeps saying why
            self.pin_error.clear_error()
        self.pin_panel.setVisible(False)
        self.close_button.setVisible(True)

    def _set_checking(self, on: bool) -> None:
        self.checking = on
        self.pin_edit.setEnabled(not on)
        self.unlock_button.setEnabled(not on)
        self.pin_status.setVisible(on)

    def _rest(self, seconds: float) -> None:
        """The service's throttle says wait: the field rests that long."""
        self.pin_error.show_error(resting_text(seconds))
        self.pin_edit.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self.pause_timer.start(max(1, math.ceil(seconds * 1000)))

    def _pin_wait(self) -> float:
        try:
            return self.app.supervisors.pin_wait(self.user.id)
        except UserError:
            return 0.0

    def try_unlock(self) -> None:
        """Start the PIN check on the task runner; a right PIN closes the view."""
        if self.checking or self.pause_timer.isActive():
            return  # no second check while one runs; none while resting
        wait = self._pin_wait()
        if wait > 0:
            self._rest(wait)
            return
        pin, user_id, supervisors = self.pin_edit.text(), self.user.id, self.app.supervisors
        self.pin_error.clear_error()
        self._generation += 1
        generation = self._generation
        self._set_checking(True)
        run_in_background(
            lambda _ctx: supervisors.login(user_id, pin),
            lambda _user: self._pin_ok(generation),
            lambda exc: self._pin_refused(generation, exc),
        )

    def _pin_ok(self, generation: int) -> None:
        if generation != self._generation:
            return  # Fortsätt visa was pressed meanwhile: the view stays
        self._set_checking(False)
        self.unlocked = True
        self.accept()

    def _pin_refused(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_checking(False)
        error = expected_error(exc)
        if error is None:
            return
        self.pin_edit.clear()
        wait = self._pin_wait()
        if wait > 0:
            self._rest(wait)
        else:
            self.pin_error.show_error(WRONG_PIN)
            self.pin_edit.setFocus()

    def _pause_over(self) -> None:
        self.pause_timer.stop()
        self.pin_edit.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.pin_error.clear_error()
        if self.pin_panel.isVisible():
            self.pin_edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.pin_panel.isVisible():
                self.hide_pin()
            else:
                self.ask_pin()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.unlocked:
            super().reject()
        else:
            self.ask_pin()

    def done(self, result: int) -> None:
        if self.unlocked:
            super().done(result)
        else:
            self.ask_pin()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlocked:
            event.accept()
            return
        event.ignore()
        self.ask_pin()


def show_participant_view(
    app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
) -> None:
    """Open the Deltagarvy full screen for `participant_id`; it closes with `user`'s PIN."""
    view = ParticipantViewDialog(app, user, participant_id, parent)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_views.add(view)
    view.finished.connect(lambda _result: _open_views.discard(view))
    view.showFullScreen()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The Deltagarvy at 1366×768 for a participant (the demo one has several modules)."""
    view = ParticipantViewDialog(app, user, participant_id)
    view.unlocked = True  # a rendering, not shown to anyone: the tool may close it freely
    view.resize(1366, 768)
    return [("deltagarvy", view)]
