"""`handledare-app screenshots --out DIR`: one non-blank PNG per screen; Swedish errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from handledare_app.cli import main
from handledare_app.domain.errors import UserError
from handledare_app.ui.screenshots import check_out_dir, run_screenshots

EXPECTED = {
    "huvudfonster-deltagare",
    "huvudfonster-installningar",
    "inloggning",
    "inloggning-kontrollerar",
    "lasskarm",
    "deltagarsida-oversikt",
    "deltagarsida-introduktion",
    "deltagarsida-arbetsplan",
    "deltagarsida-uppfoljningar",
    "deltagarsida-bevis",
    "deltagarsida-bedomning",
    "deltagarsida-avslut",
    "ny-deltagare-dialog",
    "uppfoljning-dialog",
    "modul-valj-dialog",
    "handledare-ny-dialog",
    "pin-dialog",
    "statistik",
    "statistik-insamling",
}


def distinct_colours(image: QImage) -> int:
    step_x, step_y = max(1, image.width() // 50), max(1, image.height() // 50)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step_x)
            for y in range(0, image.height(), step_y)
        }
    )


def test_every_screen_becomes_a_non_blank_png(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "bilder"
    written = run_screenshots(out, participants=4)
    names = {p.stem for p in written}
    assert not EXPECTED - names, "every screen written"
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        assert distinct_colours(image) >= 3, f"{path.name} is blank"
        if path.stem.startswith(("huvudfonster", "deltagarsida")):
            assert (image.width(), image.height()) == (1366, 768)
        if path.stem == "utbyte-synkronisera":  # a part of a page: its own size
            assert image.width() < 1366 and image.height() < 768 // 2


def test_out_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bild.png"
    target.write_bytes(b"x")
    assert main(["screenshots", "--out", str(target)]) == 1
    assert "är en fil, inte en mapp" in capsys.readouterr().err
    assert target.read_bytes() == b"x"


def test_out_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    # A folder below a file cannot be made, not even by root (chmod would not stop root).
    blocker = tmp_path / "fil"
    blocker.write_bytes(b"x")
    with pytest.raises(UserError, match="Det går inte att skriva i mappen"):
        check_out_dir(blocker / "bilder")


def test_screenshots_use_a_laptop_sized_screen(tmp_path: Path) -> None:
    """Dialogs size themselves to the available screen: the offscreen default (800×600)
    made them smaller than a 1366×768 laptop gives them."""
    import os
    import subprocess
    import sys

    from handledare_app.ui.screenshots import LAPTOP_SCREEN, laptop_screen

    env = {**os.environ, "QT_QPA_PLATFORM": laptop_screen(tmp_path)}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from PySide6.QtWidgets import QApplication; a = QApplication([]); "
            "g = a.primaryScreen().availableGeometry(); print(g.width(), g.height())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert tuple(map(int, shown)) == LAPTOP_SCREEN
