"""A pad to draw a signature on with mouse, touch or pen. Strokes are kept in the
unit square (x right, y down), so they can be drawn at any size in the PDF."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.signing import Stroke

ASPECT = 3.0  # width / height, the same box as on the certificate (70 × 24 mm ≈ 3)


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._drawing = False
        self.setAccessibleName(accessible_name)
        self.setAccessibleDescription(
            "Rita namnteckningen med mus, finger eller penna. Den som inte kan rita "
            "väljer Skriv namnet i stället."
        )
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.fontMetrics().height() * 6)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        h = self.fontMetrics().height() * 7
        return QSize(round(h * ASPECT), h)

    # --- data ------------------------------------------------------------------------

    def strokes(self) -> list[Stroke]:
        return [list(s) for s in self._strokes]

    def set_strokes(self, strokes: list[Stroke]) -> None:
        self._strokes = [list(s) for s in strokes]
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not any(len(s) >= 2 for s in self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    # --- input -----------------------------------------------------------------------

    def _unit(self, pos: QPointF) -> tuple[float, float]:
        box = self._box()
        x = (pos.x() - box.left()) / max(1.0, box.width())
        y = (pos.y() - box.top()) / max(1.0, box.height())
        return (min(1.0, max(0.0, x)), min(1.0, max(0.0, y)))

    def _start(self, pos: QPointF) -> None:
        self._drawing = True
        self._strokes.append([self._unit(pos)])
        self.update()

    def _move(self, pos: QPointF) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(self._unit(pos))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._start(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._move(event.position())

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._start(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._move(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
        ) and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                pos = points[0].position()
                if event.type() == QEvent.Type.TouchBegin:
                    self._start(pos)
                elif event.type() == QEvent.Type.TouchUpdate:
                    self._move(pos)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # --- drawing ---------------------------------------------------------------------

    def _box(self) -> QRectF:
        """The drawing area: the widest ASPECT box that fits, centred."""
        w, h = float(self.width()), float(self.height())
        bw = min(w, h * ASPECT)
        bh = bw / ASPECT
        return QRectF((w - bw) / 2, (h - bh) / 2, bw, bh)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self._box()
        p.fillRect(box, QColor("#ffffff"))
        border = QColor("#1f5f8b") if self.hasFocus() else QColor("#8a96a3")
        p.setPen(QPen(border, 2 if self.hasFocus() else 1))
        p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
        baseline = box.top() + box.height() * 0.78
        p.setPen(QPen(QColor("#c9d1db"), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(box.left() + 12, baseline), QPointF(box.right() - 12, baseline))
        if self.is_empty() and not self._drawing:
            p.setPen(QColor("#6b7785"))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, "Rita namnteckningen här")
        pen = QPen(QColor("#1d2a3a"), max(2.0, box.height() / 60))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        for stroke in self._strokes:
            if not stroke:
                continue
            path = QPainterPath()
            x, y = stroke[0]
            path.moveTo(box.left() + x * box.width(), box.top() + y * box.height())
            for x, y in stroke[1:]:
                path.lineTo(box.left() + x * box.width(), box.top() + y * box.height())
            p.drawPath(path)
        p.end()
