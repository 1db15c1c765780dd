"""What the Deltagarvy shows: greeting, the journey picture, one bar per module, evidence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import JourneyStage, ModuleStatus
from ..domain.records import OwnModuleProgress, ParticipantOwnView
from .formatting import format_date
from .participant.thumbnails import read_thumbnail
from .widgets import scaled_font

if TYPE_CHECKING:
    from ..services.app import App

BODY_SCALE = 1.7
HEADING_SCALE = 2.4
DONE_COLOUR = QColor("#2e7d32")
CURRENT_COLOUR = QColor("#1565c0")
LATER_COLOUR = QColor("#9e9e9e")
THUMBNAIL = 120


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


def label(text: str, scale: float, parent: QWidget, *, bold: bool = False) -> QLabel:
    label = _TextLabel(text, parent)
    label.setFont(scaled_font(scale, bold=bold))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def thumbnail(path: str) -> QPixmap | None:
    """Scaled while decoding and upright by its EXIF orientation (thumbnails.py)."""
    image = read_thumbnail(Path(path), THUMBNAIL)
    return None if image.isNull() else QPixmap.fromImage(image)


class OwnProgressBody(QWidget):
    """The scrolled content: big text and short sentences, only the participant's own data
    (`line` is the dialog's line height, which sets margins and spacing)."""

    def __init__(self, app: App, view: ParticipantOwnView, line: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.app = app
        self.view = view
        body = self
        v = view
        layout = QVBoxLayout(body)
        # The scroll area sets the height from the wrapped text (not the narrowest width).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(line * 3, line * 2, line * 3, line)
        layout.setSpacing(line)
        self.greeting = label(f"Hej {v.first_name}!", HEADING_SCALE, body, bold=True)
        layout.addWidget(self.greeting)
        layout.addWidget(label("Så här går det för dig.", BODY_SCALE, body))

        layout.addWidget(label("Din väg", HEADING_SCALE * 0.8, body, bold=True))
        self.journey = JourneyWidget(v.stage, v.ended, body)
        layout.addWidget(self.journey)
        self.journey_text = label(journey_sentence(v), BODY_SCALE, body)
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

        left.addWidget(label("Dina moduler", HEADING_SCALE * 0.8, body, bold=True))
        self.bars: list[QProgressBar] = []
        if not v.modules:
            left.addWidget(
                label(
                    "Du har inga moduler ännu. Ni väljer dem tillsammans i arbetsplanen.",
                    BODY_SCALE,
                    body,
                )
            )
        for m in v.modules:
            left.addWidget(label(m.title, BODY_SCALE, body, bold=True))
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
            left.addWidget(label(module_sentence(m), BODY_SCALE, body))
            left.addSpacing(line // 2)
        left.addStretch(1)

        if v.shown_recently:
            right.addWidget(label("Du har visat", HEADING_SCALE * 0.8, body, bold=True))
            for text in v.shown_recently:
                right.addWidget(label(f"✓  {text}", BODY_SCALE, body))
            right.addSpacing(line)
        right.addStretch(1)

        if v.latest_evidence:
            layout.addWidget(label("Dina senaste bevis", HEADING_SCALE * 0.8, body, bold=True))
            cards = QGridLayout()
            cards.setSpacing(line)
            for i, e in enumerate(v.latest_evidence):
                card = self.evidence_card(e.title, format_date(e.date), e.photo_sha256)
                cards.addWidget(card, i // 2, i % 2)
            cards.setColumnStretch(0, 1)
            cards.setColumnStretch(1, 1)
            layout.addLayout(cards)
        layout.addStretch(1)

    def evidence_card(self, title: str, date: str, photo: str | None) -> QWidget:
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"Bevis: {title}, {date}")
        layout = QHBoxLayout(card)
        if photo is not None:
            pixmap = thumbnail(str(self.app.evidence.attachment_path(photo)))
            if pixmap is not None:
                image = QLabel(card)
                image.setPixmap(pixmap)
                image.setAccessibleName(f"Foto: {title}")
                layout.addWidget(image, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(label(title, BODY_SCALE * 0.85, card, bold=True))
        text.addWidget(label(date, BODY_SCALE * 0.85, card))
        text.addStretch(1)
        layout.addLayout(text, 1)
        return card
