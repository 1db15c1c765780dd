"""Bedömning's module strip: one row per module (progress, status, Signera), three visible."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import ModuleStatus
from ...domain.records import EnrollmentProgress
from .assessment_model import MODULE_COLOURS, module_progress_text
from .sign_readiness import not_ready_text


class ModuleRowWidgets:
    """One line of the module strip: name, progress bar, status and the Signera button."""

    def __init__(self, progress: EnrollmentProgress, parent: QWidget) -> None:
        module = progress.module
        self.enrollment_id = progress.enrollment_id
        self.name = QLabel(f"{module.code} {module.title}", parent)
        self.name.setWordWrap(True)
        self.bar = QProgressBar(parent)
        self.bar.setRange(0, max(1, progress.criteria_total))
        self.bar.setValue(progress.criteria_achieved)
        self.bar.setFormat(module_progress_text(progress))
        self.bar.setAccessibleName(f"Framsteg i {module.code}")
        self.status = QLabel(progress.status.label, parent)
        bg, fg = MODULE_COLOURS[progress.status]
        self.status.setStyleSheet(
            f"background: {bg}; color: {fg}; font-weight: bold; padding: 2px 6px;"
        )
        self.status.setAccessibleName(f"{module.code}: {progress.status.label}")
        self.sign_button = QPushButton(f"Signera {module.code} …", parent)
        self.sign_button.setAccessibleName(f"Signera modulen {module.code}")
        ready = progress.status is ModuleStatus.READY_FOR_SIGNOFF
        bare = progress.achieved_without_evidence
        self.sign_button.setToolTip(
            not_ready_text(progress)
            if not ready
            else "Kriterier utan bevis kan inte signeras: lägg till bevis först."
            if bare
            else "Modulen är klar för signering."
        )
        ready = ready and not bare
        self.sign_button.setEnabled(ready)
        self.bar.setToolTip(self.sign_button.toolTip())  # also where the eye goes first


class ModuleStrip(QGroupBox):
    """The "Moduler" box; its rows are made again on every refresh."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Moduler", parent)
        self.rows: list[ModuleRowWidgets] = []
        self._compact = False
        self._least = self._most = 0
        self.grid = QGridLayout()
        strip = QWidget(self)
        strip.setLayout(self.grid)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(strip)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 2, 4, 2)  # the style's 9 took rows from the tree
        box.addWidget(self.scroll_area)

    def rebuild(
        self, progress: list[EnrollmentProgress], line_height: int, on_sign: Callable[[str], None]
    ) -> None:
        """`line_height` is the tab's; `on_sign` gets the enrollment id of a Signera click."""
        for row in self.rows:
            for w in (row.name, row.bar, row.status, row.sign_button):
                w.deleteLater()
        self.rows = []
        parent = self.scroll_area.widget()
        assert parent is not None
        for i, p in enumerate(progress):
            row = ModuleRowWidgets(p, parent)
            row.sign_button.clicked.connect(lambda _c=False, e=p.enrollment_id: on_sign(e))
            self.grid.addWidget(row.name, i, 0)
            self.grid.addWidget(row.bar, i, 1)
            self.grid.addWidget(row.status, i, 2)
            self.grid.addWidget(row.sign_button, i, 3)
            self.rows.append(row)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        # Up to three modules without scrolling; where the screen is short (150 % font on
        # a 768-pixel screen) the strip may shrink to one row. More scroll inside it.
        line = max(line_height * 2, 1)
        visible = min(len(progress), 3)
        # The least: one row as high as its button (not two lines of text), so at 150 %
        # font the criterion tree keeps its rows.
        one = max((r.sign_button.sizeHint().height() for r in self.rows), default=line)
        self._least = min(visible, 1) * (one + 4) + 4
        self._most = visible * (line * 2) + 16
        self.scroll_area.setMinimumHeight(self._least)
        self._apply_height()

    def set_compact(self, compact: bool) -> None:
        """Compact: one module row (the rest scroll), for a short tab at large font."""
        if compact != self._compact:
            self._compact = compact
            self._apply_height()

    def _apply_height(self) -> None:
        self.scroll_area.setMaximumHeight(self._least if self._compact else self._most)

    def row(self, enrollment_id: str) -> ModuleRowWidgets | None:
        for row in self.rows:
            if row.enrollment_id == enrollment_id:
                return row
        return None
