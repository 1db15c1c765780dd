"""The Synkronisera panel when the folder fails part-way (issue 11, bad input): the
Swedish message is on the panel, the button works again, the folder is remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handledare_app.services.app import App
from handledare_app.ui.errors import UNEXPECTED_MESSAGE
from handledare_app.ui.pages.exchange import ExchangePageWidget
from tests.exchange_helpers import rich_participant
from tests.sync_fault_helpers import fill_up
from tests.sync_helpers import fast_seal, join


def _sync_on_panel(qtbot: Any, app: App, folder: Path) -> tuple[Any, Any]:
    page = ExchangePageWidget(app, app.supervisors.list()[0])
    qtbot.addWidget(page)
    panel = page.sync_panel
    panel.folder = folder  # just chosen, never synced through before
    panel.start_sync()
    qtbot.waitUntil(lambda: bool(panel.result.text() or panel.error.text()), timeout=30000)
    return page, panel  # the page owns the panel: keep it alive


def _usable_again(panel: Any, app: App, folder: Path) -> None:
    assert UNEXPECTED_MESSAGE not in panel.error.text()
    assert panel.sync_button.isEnabled() and panel.choose_button.isEnabled()
    assert not panel.bar.isVisible()
    assert app.sync.folder() == folder and str(folder) in panel.folder_label.text()


@pytest.mark.parametrize("fault", ["full", "pulled"])
def test_a_folder_failing_part_way_is_explained_on_the_panel(
    qtbot: Any,
    app: App,
    admin_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    fast_seal(monkeypatch)
    other = join(app, tmp_path, "Butikslaptop")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        rich_participant(other, admin_id, "Åke", tmp_path)
        other.sync.run(folder)
        if fault == "full":
            fill_up(monkeypatch, folder, room=2000)
            expected = "är full"
        else:
            real_import = app.exchange.import_file

            def pulled(path: Path, **kw: Any) -> Any:
                folder.rename(tmp_path / "utdragen")  # gone before it is read
                return real_import(path, **kw)

            monkeypatch.setattr(app.exchange, "import_file", pulled)
            expected = "USB-minnet togs bort"
        _page, panel = _sync_on_panel(qtbot, app, folder)
        assert expected in panel.error.text(), panel.error.text()
        assert "Sätt i USB-minnet" in panel.error.text() or "Frigör plats" in panel.error.text()
        _usable_again(panel, app, folder)
    finally:
        other.close()
