"""Konflikter: values that lost a merge, with *Återställ förlorat värde* and
*Markera som granskad*. The integrator places `ConflictsWidget` as a tab on Utbyte."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Role
from .errors import user_errors
from .table_models import RecordTableModel
from .widgets import heading_label, read_only_table, text_label

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App
    from ..services.conflicts import ConflictInfo

INTRO_TEXT = (
    "När samma uppgift har ändrats på två datorer behåller appen den senaste ändringen. "
    "Här ser du värdena som fick ge vika. Du kan ta tillbaka ett förlorat värde, eller "
    "markera konflikten som granskad när det som blev kvar är rätt."
)
EMPTY_TEXT = (
    "Inga konflikter. När en uppgift har ändrats både här och på en annan dator visas "
    "det förlorade värdet här efter importen."
)


class ConflictTableModel(RecordTableModel["ConflictInfo"]):
    columns = (
        ("När", lambda c: f"{c.at.astimezone():%Y-%m-%d %H:%M}"),
        ("Gäller", lambda c: c.subject),
        ("Uppgift", lambda c: c.field_label.capitalize()),
        ("Blev kvar", lambda c: c.kept_text),
        ("Förlorat värde", lambda c: c.lost_text),
        ("Från", lambda c: c.computer),
        ("Status", lambda c: "Granskad" if c.resolved else "Ej granskad"),
    )


def _detail_text(c: ConflictInfo) -> str:
    lines = [
        f"Gäller: {c.subject} ({c.entity_label.lower()})",
        f"Uppgift: {c.field_label}",
        f"Blev kvar vid sammanslagningen: {c.kept_text}",
        f"Förlorat värde: {c.lost_text} (ändrat på {c.computer})",
        f"Värdet nu: {c.current_text}",
        f"Upptäckt: {c.at.astimezone():%Y-%m-%d %H:%M}",
    ]
    if c.resolved:
        lines.append("Konflikten är granskad.")
    elif c.blocked_reason:
        lines.append(f"Kan inte återställas: {c.blocked_reason}")
    return "\n".join(lines)


class ConflictsWidget(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.may_change = bool(user.roles & {Role.SUPERVISOR, Role.ADMIN})

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Konflikter", 2, self))
        layout.addWidget(text_label(INTRO_TEXT, self))
        self.show_all = QCheckBox("Visa även &granskade", self)
        self.show_all.setAccessibleName("Visa även granskade konflikter")
        self.show_all.toggled.connect(self.refresh)
        layout.addWidget(self.show_all)
        self.empty_label = text_label(EMPTY_TEXT, self)
        self.empty_label.setAccessibleName("Inga konflikter")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty_label, 1)  # takes the table's room while it is hidden

        self.model = ConflictTableModel(self)
        self.table = read_only_table(self.model, "Konflikter", self)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.detail = text_label("", self, selectable=True)
        self.detail.setAccessibleName("Detaljer om konflikten")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.revert_button = QPushButton("Å&terställ förlorat värde", self)
        self.revert_button.setAccessibleName("Återställ förlorat värde")
        self.revert_button.clicked.connect(self.revert_selected)
        self.review_button = QPushButton("&Markera som granskad", self)
        self.review_button.setAccessibleName("Markera som granskad")
        self.review_button.clicked.connect(self.mark_selected)
        if not self.may_change:
            for b in (self.revert_button, self.review_button):
                b.setToolTip("Det här kräver rollen handledare.")

        detail_box = QWidget(self)
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(heading_label("Detaljer", 2, detail_box))
        detail_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        rows: list[ConflictInfo] = []
        with user_errors(self):
            rows = self.app.conflicts.list(include_resolved=self.show_all.isChecked())
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self.splitter.setVisible(bool(rows))
        ids = [r.id for r in rows]
        if rows:
            self.table.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)
        self._show_selected()

    def selected(self) -> ConflictInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_record(rows[0].row()) if rows else None

    def _show_selected(self, *_args: object) -> None:
        c = self.selected()
        self.detail.setText(_detail_text(c) if c else "")
        self.revert_button.setEnabled(bool(c and c.revertible and self.may_change))
        self.review_button.setEnabled(bool(c and not c.resolved and self.may_change))

    def revert_selected(self) -> None:
        c = self.selected()
        if c is None or not c.revertible:
            return
        answer = QMessageBox.question(
            self,
            "Återställ förlorat värde",
            f"Ändra {c.field_label} för {c.subject} från ”{c.current_text}” till "
            f"”{c.lost_text}”?\n\nÄndringen sparas som din ändring och följer med vid nästa "
            "utbyte till de andra datorerna.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with user_errors(self):
            self.app.conflicts.revert(self.user.id, c.id)
        self.refresh()

    def mark_selected(self) -> None:
        c = self.selected()
        if c is None or c.resolved:
            return
        with user_errors(self):
            self.app.conflicts.mark_reviewed(self.user.id, c.id)
        self.refresh()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The Konflikter view as it is (demo data has no conflicts: the empty state)."""
    del participant_id
    widget = ConflictsWidget(app, user)
    widget.resize(1100, 650)
    return [("konflikter", widget)]
