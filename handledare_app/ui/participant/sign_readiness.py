"""What the Signera button of a module that is not ready says: which criteria are left.
Found walking the GUI: a greyed-out Signera with "alla kriterier måste vara uppnådda"
left the supervisor to hunt through the tree for the one criterion still missing."""

from __future__ import annotations

from ...domain.enums import AssessmentStatus, ModuleStatus
from ...domain.records import EnrollmentProgress

MOST_NUMBERS = 8  # more are summed up as "och N till"


def criteria_left(progress: EnrollmentProgress) -> list[str]:
    """Numbers (1.1, 2.4 …) of the criteria not yet judged Uppnådd, in catalogue order."""
    left = []
    for criterion in progress.module.criteria:
        info = progress.assessments.get(criterion.id)
        if info is None or info.status is not AssessmentStatus.ACHIEVED:
            left.append(criterion.number)
    return left


def not_ready_text(progress: EnrollmentProgress) -> str:
    """Why Signera rests, naming what is left to do."""
    if progress.status is ModuleStatus.SIGNED:
        return "Modulen är redan signerad."
    left = criteria_left(progress)
    if not left:
        return "Alla kriterier måste vara uppnådda innan modulen kan signeras."
    shown = ", ".join(left[:MOST_NUMBERS])
    more = len(left) - MOST_NUMBERS
    if more > 0:
        shown += f" och {more} till"
    which = "Kriterium" if len(left) == 1 else "Kriterierna"
    judged = "är inte bedömt som uppnått" if len(left) == 1 else "är inte bedömda som uppnådda"
    return (
        f"{which} {shown} {judged}. Alla kriterier måste vara uppnådda innan modulen kan signeras."
    )
