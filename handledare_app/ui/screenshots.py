"""`handledare-app screenshots --out DIR`: every main screen and dialog, with demo data,
rendered offscreen at 1366×768 to DIR/<name>.png.

Each part of the window contributes a provider `(app, user, participant_id) -> [(name,
widget)]`; PROVIDERS lists them (the integrator adds the other parts' providers).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..domain.records import SupervisorInfo
    from ..services.app import App

Provider = Callable[["App", "SupervisorInfo", str], "list[tuple[str, QWidget]]"]
WIDTH, HEIGHT = 1366, 768
DEMO_PARTICIPANTS = 14


def main_window_screens(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The main window once per navigation page."""
    from .formatting import file_stem
    from .main_window import NAV_TITLES, MainWindow

    out: list[tuple[str, QWidget]] = []
    for index, title in enumerate(NAV_TITLES):
        window = MainWindow(app, user)
        window.nav.setCurrentRow(index)
        out.append((f"huvudfonster-{file_stem(title)}", window))
    return out


def providers() -> list[Provider]:
    from .conflicts_view import screenshot_widgets as conflict_screens
    from .idle_lock import screenshot_widgets as lock_screens
    from .login_dialog import screenshot_widgets as login_screens
    from .pages.backups_panel import screenshot_widgets as backup_screens
    from .pages.catalogue import screenshot_widgets as catalogue_screens
    from .pages.collection_tab import screenshot_widgets as statistics_screens
    from .pages.exchange import screenshot_widgets as exchange_screens
    from .pages.participants_screens import screenshot_widgets as participant_screens
    from .participant.assessment_tab import screenshot_widgets as assessment_screens
    from .participant.edit_dialog import screenshot_widgets as edit_screens
    from .participant.evidence_tab import screenshot_widgets as evidence_screens
    from .participant.privacy_actions import screenshot_widgets as privacy_screens
    from .participant_view import screenshot_widgets as participant_view_screens
    from .setup_ways import screenshot_widgets as setup_ways_screens  # issue 11
    from .signing import screenshot_widgets as signing_screens
    from .supervisor_admin import screenshot_widgets as supervisor_screens
    from .sync_panel import screenshot_widgets as sync_screens  # issue 11

    return [
        main_window_screens,
        login_screens,
        lock_screens,
        participant_screens,
        evidence_screens,
        assessment_screens,
        edit_screens,
        participant_view_screens,
        catalogue_screens,
        signing_screens,
        exchange_screens,
        conflict_screens,
        backup_screens,
        supervisor_screens,
        statistics_screens,
        privacy_screens,
        setup_ways_screens,
        sync_screens,
    ]


def check_out_dir(out: Path) -> Path:
    """The output folder, created if needed; a Swedish UserError when it cannot be used."""
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} är en fil, inte en mapp. Ange en mapp för bilderna.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".skrivtest-"):
            pass
    except OSError:
        raise UserError(
            f"Det går inte att skriva i mappen {out}. Välj en mapp där du har skrivrätt."
        ) from None
    return out


def pick_participant(app: App) -> str:
    """The demo participant with the most to show: active, most criteria achieved."""
    from ..services.participant_reads import ParticipantFilter

    rows = app.participants.list(ParticipantFilter(status="active"))
    if not rows:
        raise UserError("Demodata saknar deltagare.")
    return max(rows, key=lambda r: (r.criteria_achieved, r.criteria_total, r.name)).id


def settle() -> None:
    """Let background loads finish and their results arrive."""
    from PySide6.QtWidgets import QApplication

    from .background import wait_for_all

    for _ in range(3):
        wait_for_all()
        QApplication.processEvents()


def _wait_for_rendering(widget: QWidget) -> None:
    """Widgets that render asynchronously (the PDF preview) say how long they need."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + getattr(widget, "screenshot_settle_ms", 0) / 1000
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _is_dialog(widget: QWidget) -> bool:
    from PySide6.QtWidgets import QDialog

    return isinstance(widget, QDialog)


def _dispose(widget: QWidget) -> None:
    from PySide6.QtWidgets import QDialog

    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected)  # no "discard what you typed?" question
    else:
        widget.close()
    widget.deleteLater()


OWN_SIZE = "screenshotOwnSize"


def render_all(app: App, user: SupervisorInfo, out: Path) -> list[Path]:
    participant_id = pick_participant(app)
    written: list[Path] = []
    seen: set[str] = set()
    for provider in providers():
        for name, widget in provider(app, user, participant_id):
            if name in seen:
                raise ValueError(f"two screenshots named {name}")
            seen.add(name)
            # A dialog, or a panel shown on its own (OWN_SIZE): its own size, as on a
            # 1366×768 screen; a page: the whole screen.
            if _is_dialog(widget) or widget.property(OWN_SIZE):
                widget.resize(min(widget.width(), WIDTH), min(widget.height(), HEIGHT))
            else:
                widget.resize(WIDTH, HEIGHT)
            widget.show()
            settle()
            _wait_for_rendering(widget)
            path = out / f"{name}.png"
            if not widget.grab().save(str(path), "PNG"):
                raise UserError(f"Bilden {path} kunde inte sparas.")
            written.append(path)
            _dispose(widget)
            settle()
    return written


# A 1366×768 laptop screen less a 40 px task bar: dialogs that size themselves to the
# available screen get the room they would get there (the offscreen default is 800×600).
LAPTOP_SCREEN = (1366, 728)


def laptop_screen(folder: Path) -> str:
    """The QT_QPA_PLATFORM value for an offscreen screen of LAPTOP_SCREEN (its config file
    written to `folder`; read once, when the QApplication is made)."""
    width, height = LAPTOP_SCREEN
    config = folder / "offscreen-screen.json"
    screen = {"name": "Laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def run_screenshots(out: Path, participants: int = DEMO_PARTICIPANTS) -> list[Path]:
    """Demo data in a fresh temporary folder, the demo admin logged in, every screen
    rendered. Returns the files written."""
    out = check_out_dir(out)
    from ..services.app import open_app
    from ..services.demo import DEMO_PIN, create_demo
    from .qt_app import create_qapplication

    with tempfile.TemporaryDirectory(prefix="handledare-skarmbilder-") as tmp:
        os.environ["QT_QPA_PLATFORM"] = laptop_screen(Path(tmp))
        create_qapplication()
        app = open_app(Path(tmp) / "data")
        try:
            create_demo(app, participants=participants)
            admin_id = next(s.id for s in app.supervisors.list() if s.is_admin)
            user = app.supervisors.login(admin_id, DEMO_PIN)
            return render_all(app, user, out)
        finally:
            settle()
            app.close()
