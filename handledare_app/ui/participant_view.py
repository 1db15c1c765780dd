"""Deltagarvy: a full-screen view that shows a participant their own progress.

Big text and short Swedish sentences, the journey as a picture and one bar per
module; no tables, nobody else's data, no personnummer and no supervisor notes (the
data comes from `ParticipantViewService.own_view`, which holds nothing more). Leaving
needs the logged-in supervisor's PIN: Escape, the close button and Alt+F4 open the
PIN prompt; a wrong PIN keeps the view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QImageReader,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import JourneyStage, ModuleStatus
from ..domain.errors import UserError
from ..domain.records import OwnModuleProgress, ParticipantOwnView
from .formatting import format_date
from .widgets import ErrorLabel, pin_line_edit, scaled_font

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App

BODY_SCALE = 1.5
HEADING_SCALE = 2.2
DONE_COLOUR = QColor("#2e7d32")
CURRENT_COLOUR = QColor("#1565c0")
LATER_COLOUR = QColor("#9e9e9e")
THUMBNAIL = 150
PIN_HINT = "Handledaren skriver sin PIN-kod för att stänga vyn."
WRONG_PIN = "Fel PIN-kod. Vyn är kvar."

# Views kept alive while open when nobody else holds them (parent None).
_open_views: set[ParticipantViewDialog] = set()


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

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 5)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
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


def _label(text: str, scale: float, parent: QWidget, *, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(scale, bold=bold))
    label.setWordWrap(True)
    label.setAccessibleName(text)
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
        self.setWindowTitle("Deltagarvy")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAccessibleName("Deltagarvy")
        self.view = app.participant_view.own_view(participant_id)

        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Din utveckling")
        self.body = QWidget(scroll)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        self._build_body(self.body)
        outer.addWidget(self._build_pin_panel())

    # --- content ---------------------------------------------------------------------

    def _build_body(self, body: QWidget) -> None:
        v = self.view
        layout = QVBoxLayout(body)
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

        layout.addWidget(_label("Dina moduler", HEADING_SCALE * 0.8, body, bold=True))
        self.bars: list[QProgressBar] = []
        if not v.modules:
            layout.addWidget(
                _label(
                    "Du har inga moduler ännu. Ni väljer dem tillsammans i arbetsplanen.",
                    BODY_SCALE,
                    body,
                )
            )
        grid = QGridLayout()
        grid.setHorizontalSpacing(line * 2)
        grid.setVerticalSpacing(line // 2)
        for row, m in enumerate(v.modules):
            grid.addWidget(_label(m.title, BODY_SCALE, body, bold=True), row * 2, 0, 1, 2)
            bar = QProgressBar(body)
            bar.setRange(0, max(1, m.steps_total))
            bar.setValue(m.steps_done)
            bar.setFont(scaled_font(BODY_SCALE * 0.9))
            bar.setFormat(f"{m.steps_done} av {m.steps_total} steg klara")
            bar.setMinimumHeight(round(line * 2.4))
            bar.setAccessibleName(f"{m.title}: {m.steps_done} av {m.steps_total} steg klara")
            if m.status in (ModuleStatus.READY_FOR_SIGNOFF, ModuleStatus.SIGNED):
                bar.setStyleSheet(f"QProgressBar::chunk {{ background: {DONE_COLOUR.name()}; }}")
            self.bars.append(bar)
            grid.addWidget(bar, row * 2 + 1, 0)
            grid.addWidget(_label(module_sentence(m), BODY_SCALE, body), row * 2 + 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout.addLayout(grid)

        if v.shown_recently:
            layout.addWidget(_label("Du har visat", HEADING_SCALE * 0.8, body, bold=True))
            for text in v.shown_recently:
                layout.addWidget(_label(f"✓  {text}", BODY_SCALE, body))

        if v.latest_evidence:
            layout.addWidget(_label("Dina senaste bevis", HEADING_SCALE * 0.8, body, bold=True))
            row_layout = QHBoxLayout()
            row_layout.setSpacing(line * 2)
            for e in v.latest_evidence:
                row_layout.addWidget(
                    self._evidence_card(e.title, format_date(e.date), e.photo_sha256), 1
                )
            row_layout.addStretch(0)
            layout.addLayout(row_layout)
        layout.addStretch(1)

    def _evidence_card(self, title: str, date: str, photo: str | None) -> QWidget:
        card = QFrame(self.body)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"Bevis: {title}, {date}")
        layout = QVBoxLayout(card)
        if photo is not None:
            pixmap = _thumbnail(str(self.app.evidence.attachment_path(photo)))
            if pixmap is not None:
                image = QLabel(card)
                image.setPixmap(pixmap)
                image.setAccessibleName(f"Foto: {title}")
                layout.addWidget(image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(_label(title, BODY_SCALE * 0.85, card, bold=True))
        layout.addWidget(_label(date, BODY_SCALE * 0.85, card))
        layout.addStretch(1)
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
        self.stay_button = QPushButton("&Fortsätt visa", self.pin_panel)
        self.stay_button.setAccessibleName("Fortsätt visa")
        self.stay_button.setAutoDefault(False)
        self.pin_error = ErrorLabel(self.pin_panel)
        pin_layout.addWidget(hint)
        pin_layout.addWidget(self.pin_edit)
        pin_layout.addWidget(self.unlock_button)
        pin_layout.addWidget(self.stay_button)
        pin_layout.addWidget(self.pin_error, 1)
        self.pin_panel.setVisible(False)
        layout.insertWidget(0, self.pin_panel, 10)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.pin_edit.returnPressed.connect(self.try_unlock)
        self.pin_edit.textEdited.connect(lambda _t: self.pin_error.clear_error())
        self.stay_button.clicked.connect(self.hide_pin)
        return bar

    def ask_pin(self) -> None:
        self.close_button.setVisible(False)
        self.pin_panel.setVisible(True)
        self.pin_edit.setFocus()

    def hide_pin(self) -> None:
        self.pin_edit.clear()
        self.pin_error.clear_error()
        self.pin_panel.setVisible(False)
        self.close_button.setVisible(True)

    def try_unlock(self) -> None:
        try:
            self.app.supervisors.login(self.user.id, self.pin_edit.text())
        except UserError:
            self.pin_error.show_error(WRONG_PIN)
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            return
        self.unlocked = True
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
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
    view.resize(1366, 768)
    return [("deltagarvy", view)]
