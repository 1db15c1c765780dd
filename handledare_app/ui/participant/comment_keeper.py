"""Bedömning: a comment typed for one criterion is not lost when another criterion is
chosen. Found walking the GUI: the comment is saved only with a judgement (Uppnådd,
Pågår, Ej påbörjad), so clicking the next criterion silently threw the typed text away.
Now the supervisor is asked, and Ja saves it with the judgement the criterion has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ...domain.enums import AssessmentStatus, ModuleStatus
from ...domain.errors import UserError

if TYPE_CHECKING:
    from .assessment_tab import AssessmentTab

Ids = tuple[str, str]  # enrollment id, criterion id


class CommentKeeper:
    def __init__(self, tab: AssessmentTab) -> None:
        self.tab = tab
        self.shown: Ids | None = None  # the criterion the comment field belongs to

    def leaving(self, now: Ids | None) -> None:
        """Call before the comment field is filled for `now` (the newly chosen criterion)."""
        before, self.shown = self.shown, now
        if before is None or before == now or not self.tab.editable:
            return
        enrollment = next(
            (p for p in self.tab.model.progress() if p.enrollment_id == before[0]), None
        )
        if enrollment is None or enrollment.status is ModuleStatus.SIGNED:
            return
        criterion = next((c for c in enrollment.module.criteria if c.id == before[1]), None)
        info = enrollment.assessments.get(before[1])
        text = self.tab.comment_edit.text().strip()
        if criterion is None or text == (info.comment if info else "").strip():
            return
        status = info.status if info else AssessmentStatus.NOT_STARTED
        name = f"{enrollment.module.code} {criterion.number}"
        answer = QMessageBox.question(
            self.tab,
            "Spara kommentaren?",
            f"Kommentaren till {name} är inte sparad. Vill du spara den? Bedömningen "
            f"ändras inte ({status.label.lower()}).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.tab.app.assessment.judge(self.tab.user.id, before[0], before[1], status, text)
        except UserError as exc:
            QMessageBox.warning(self.tab, "Kommentaren sparades inte", exc.full_text())
            return
        # The tab's own model follows (in place: same criteria), else going back showed
        # the old comment as if the saved one were lost.
        self.tab.refresh()
        self.tab.changed.emit()
