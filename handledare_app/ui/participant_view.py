"""Deltagarvy: a full-screen view that shows a participant their own progress.

Big text and short Swedish sentences, the journey as a picture and one bar per
module; no tables, nobody else's data, no personnummer and no supervisor notes (the
data comes from `ParticipantViewService.own_view`, which holds nothing more). Leaving
needs the logged-in supervisor's PIN: Escape, the close button and Alt+F4 open the
PIN prompt; a wrong PIN keeps the view.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QImageReader,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import JourneyStage, ModuleStatus
from ..domain.errors import UserError
from ..domain.records import OwnModuleProgress, ParticipantOwnView
from ..services.pin_guard import wait_text
from .errors import expected_error
from .formatting import format_date
from .tasks import run_in_background
from .widgets import ErrorLabel, FitScrollArea, pin_line_edit, scaled_font

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App

BODY_SCALE = 1.7
HEADING_SCALE = 2.4
DONE_COLOUR = QColor("#2e7d32")
CURRENT_COLOUR = QColor("#1565c0")
LATER_COLOUR = QColor("#9e9e9e")
THUMBNAIL = 120
PIN_HINT = "Handledaren skriver sin PIN-kod för att stänga vyn."
WRONG_PIN = "Fel PIN-kod. Vyn är kvar."
CHECKING = "Kontrollerar PIN-koden …"
# Guessing a 4-digit PIN from the participant's chair is slowed down by the service's
# throttle (services/pin_guard.py, kept across restarts): the field rests while it says.

# Views kept alive while open when nobody else holds them (parent None).
_open_views: set[ParticipantViewDialog] = set()


def resting_text(seconds: float) -> str:
    return f"Fel PIN-kod. Vyn är kvar. Vänta {wait_text(seconds)} och försök igen."


def module_sentence(m: OwnModuleProgress) -> str:
    if m.status is ModuleStatus.SIGNED:
        return "Klar! Modulen är signerad."
    if m.status is ModuleStatus.READY_FOR_SIGNOFF:
        return "Du har klarat alla steg. Nu ska ni signera."
    if m.steps_done == 0:
        return "Du har inte klarat något steg ännu. Det kommer!"
    return f"Du har klarat {m.steps_done} av {m.steps_total} steg."


def journey_sentence(view: ParticipantOwnView) -> str:
    if view.ended:
        return "Din tid här är avslutad. Bra jobbat!"
    step = view.stage.position + 1
    return f"Du är i steg {step} av {len(JourneyStage)}: {view.stage.label}."


class JourneyWidget(QWidget):
    """The journey as a picture: five circles on a line; done ones ticked, the current
    one large and blue with "Du är här" above it."""

    def __init__(self, stage: JourneyStage, ended: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.ended = ended
        self.setFont(scaled_font(BODY_SCALE))
        self.setAccessibleName("Din väg")
        current = "avslutad" if ended else f"du är i steget {stage.label}"
        self.setAccessibleDescription(
            "Introduktion, Arbetsplan, Uppföljning, Validering, Avslut; " + current
        )
        line = self.fontMetrics().height()
        self.setMinimumHeight(line * 5)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 5)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        stages = list(JourneyStage)
        slot = self.width() / len(stages)
        radius = line * 0.7
        cy = line * 2.2
        current = len(stages) if self.ended else self.stage.position
        painter.setPen(QPen(LATER_COLOUR, line * 0.2))
        painter.drawLine(QPointF(slot / 2, cy), QPointF(self.width() - slot / 2, cy))
        for i, stage in enumerate(stages):
            cx = slot * i + slot / 2
            if i < current:
                colour, r = DONE_COLOUR, radius
            elif i == current:
                colour, r = CURRENT_COLOUR, radius * 1.35
            else:
                colour, r = LATER_COLOUR, radius
            painter.setPen(QPen(colour.darker(120), 2))
            painter.setBrush(colour if i <= current else QColor("white"))
            painter.drawEllipse(QPointF(cx, cy), r, r)
            painter.setPen(QColor("white") if i <= current else colour.darker(150))
            mark = "✓" if i < current else str(i + 1)
            painter.drawText(
                QRectF(cx - r, cy - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, mark
            )
            label_font = QFont(self.font())
            label_font.setBold(i == current)
            painter.setFont(label_font)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(cx - slot / 2, cy + radius * 1.5, slot, line * 1.4),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                stage.label,
            )
            if i == current:
                painter.setPen(CURRENT_COLOUR)
                painter.drawText(
                    QRectF(cx - slot / 2, cy - radius * 1.35 - line * 1.2, slot, line * 1.1),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    "Du är här",
                )
            painter.setFont(self.font())
        painter.end()


class _TextLabel(QLabel):
    """Word-wrapped text whose preferred size is one line when it fits the width it has
    (QLabel's own hint wraps short sentences onto two lines, which shows as gaps)."""

    def sizeHint(self) -> QSize:
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 8
        width = min(one_line, self.width()) if self.width() > 0 else one_line
        return QSize(width, self.heightForWidth(width))


def _label(text: str, scale: float, parent: QWidget, *, bold: bool = False) -> QLabel:
    label = _TextLabel(text, parent)
    label.setFont(scaled_font(scale, bold=bold))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _thumbnail(path: str) -> QPixmap | None:
    """Scaled while decoding, so a large photo never loads in full."""
    reader = QImageReader(path)
    size = reader.size()
    if not size.isValid():
        return None
    reader.setScaledSize(size.scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else QPixmap.fromImage(image)


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
        self.body = QWidget(scroll)
        self.scroll_area = scroll
        self._build_body(self.body)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        outer.addWidget(self._build_pin_panel())

    # --- content ---------------------------------------------------------------------

    def _build_body(self, body: QWidget) -> None:
        v = self.view
        layout = QVBoxLayout(body)
        # The scroll area sets the height from the wrapped text (not the narrowest width).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        line = self.fontMetrics().height()
        layout.setContentsMargins(line * 3, line * 2, line * 3, line)
        layout.setSpacing(line)
        self.greeting = _label(f"Hej {v.first_name}!", HEADING_SCALE, body, bold=True)
        layout.addWidget(self.greeting)
        layout.addWidget(_label("Så här går det för dig.", BODY_SCALE, body))

        layout.addWidget(_label("Din väg", HEADING_SCALE * 0.8, body, bold=True))
        self.journey = JourneyWidget(v.stage, v.ended, body)
        layout.addWidget(self.journey)
        self.journey_text = _label(journey_sentence(v), BODY_SCALE, body)
        layout.addWidget(self.journey_text)

        columns = QHBoxLayout()
        columns.setSpacing(line * 3)
        layout.addLayout(columns)
        left = QVBoxLayout()
        right = QVBoxLayout()
        left.setSpacing(line // 2)  # nested layouts would inherit the columns' wide spacing
        right.setSpacing(line // 2)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        left.addWidget(_label("Dina moduler", HEADING_SCALE * 0.8, body, bold=True))
        self.bars: list[QProgressBar] = []
        if not v.modules:
            left.addWidget(
                _label(
                    "Du har inga moduler ännu. Ni väljer dem tillsammans i arbetsplanen.",
                    BODY_SCALE,
                    body,
                )
            )
        for m in v.modules:
            left.addWidget(_label(m.title, BODY_SCALE, body, bold=True))
            bar = QProgressBar(body)
            bar.setRange(0, max(1, m.steps_total))
            bar.setValue(m.steps_done)
            bar.setFont(scaled_font(BODY_SCALE * 0.9))
            bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bar.setFormat(f"{m.steps_done} av {m.steps_total} steg klara")
            bar.setMinimumHeight(round(line * 2.4))
            bar.setAccessibleName(f"{m.title}: {m.steps_done} av {m.steps_total} steg klara")
            if m.status in (ModuleStatus.READY_FOR_SIGNOFF, ModuleStatus.SIGNED):
                palette = bar.palette()
                palette.setColor(QPalette.ColorRole.Highlight, DONE_COLOUR)
                bar.setPalette(palette)
            self.bars.append(bar)
            left.addWidget(bar)
            left.addWidget(_label(module_sentence(m), BODY_SCALE, body))
            left.addSpacing(line // 2)
        left.addStretch(1)

        if v.shown_recently:
            right.addWidget(_label("Du har visat", HEADING_SCALE * 0.8, body, bold=True))
            for text in v.shown_recently:
                right.addWidget(_label(f"✓  {text}", BODY_SCALE, body))
            right.addSpacing(line)
        right.addStretch(1)

        if v.latest_evidence:
            layout.addWidget(_label("Dina senaste bevis", HEADING_SCALE * 0.8, body, bold=True))
            cards = QGridLayout()
            cards.setSpacing(line)
            for i, e in enumerate(v.latest_evidence):
                card = self._evidence_card(e.title, format_date(e.date), e.photo_sha256)
                cards.addWidget(card, i // 2, i % 2)
            cards.setColumnStretch(0, 1)
            cards.setColumnStretch(1, 1)
            layout.addLayout(cards)
        layout.addStretch(1)

    def _evidence_card(self, title: str, date: str, photo: str | None) -> QWidget:
        card = QFrame(self.body)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"Bevis: {title}, {date}")
        layout = QHBoxLayout(card)
        if photo is not None:
            pixmap = _thumbnail(str(self.app.evidence.attachment_path(photo)))
            if pixmap is not None:
                image = QLabel(card)
                image.setPixmap(pixmap)
                image.setAccessibleName(f"Foto: {title}")
                layout.addWidget(image, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(_label(title, BODY_SCALE * 0.85, card, bold=True))
        text.addWidget(_label(date, BODY_SCALE * 0.85, card))
        text.addStretch(1)
        layout.addLayout(text, 1)
        return card

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
