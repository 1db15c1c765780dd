"""Ta bort dator ur arbetsplatsen (issue 11): an admin picks a laptop that is no longer
used, confirms, and it stops being a recipient (services/retirement.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ..domain.errors import UserError
from ..services import retirement

if TYPE_CHECKING:
    from ..services.app import App

TITLE = "Ta bort dator ur arbetsplatsen"
EXPLANATION = (
    "Datorn får inga fler paket från arbetsplatsens datorer, och dess paket i "
    "synkmappen städas bort när de är inlästa. Det den redan har skickat finns kvar. "
    "Beslutet går inte att ångra; datorn kan anslutas igen med en ny inbjudan (i en ny "
    "datamapp). Är datorn borttappad eller stulen: spärra också dess nyckel i "
    "nätverksfilen."
)


def ask_and_retire(parent: QWidget, app: App, actor_id: str) -> str | None:
    """Pick a laptop, confirm, take it out. The Swedish result, or None if cancelled."""
    choices = retirement.candidates(app)
    if not choices:
        QMessageBox.information(parent, TITLE, "Arbetsplatsen har inga andra datorer.")
        return None
    # Two laptops may carry the same name: the id tells them apart.
    count = Counter(name for _id, name in choices)
    names = [name if count[name] == 1 else f"{name} (id …{iid[-8:]})" for iid, name in choices]
    name, ok = QInputDialog.getItem(
        parent, TITLE, "Vilken dator används inte längre?", names, 0, False
    )
    if not ok or name not in names:
        return None
    answer = QMessageBox.question(
        parent,
        TITLE,
        f"Ta bort {name} ur arbetsplatsen?\n\n{EXPLANATION}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    installation_id = choices[names.index(name)][0]
    try:
        done = retirement.retire(app, actor_id, installation_id)
    except UserError as exc:
        QMessageBox.warning(parent, TITLE, exc.full_text())
        return None
    return (
        f"{done} är borttagen ur arbetsplatsen. De andra datorerna får veta det vid nästa "
        "synkronisering."
    )
