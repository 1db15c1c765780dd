"""File dialogs open in Bilder / Dokument (or the home folder), never in the program's
working folder; the photo picker then starts where the last photo came from."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui import start_folders
from handledare_app.ui.participant.evidence_dialog import EvidenceDialog

from ..conftest import Boxes
from .conftest import Plan


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of our own, and a working folder that is not it (the install dir)."""
    home = tmp_path / "hem"
    home.mkdir()
    program = tmp_path / "program"
    program.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(program)
    monkeypatch.setattr(start_folders, "_last_picked", {})
    return home


def test_missing_bilder_and_dokument_fall_back_to_home_not_the_working_folder(
    home: Path,
) -> None:
    assert start_folders.photos_folder() == str(home)
    assert start_folders.documents_folder() == str(home)
    assert os.getcwd() not in (start_folders.photos_folder(), start_folders.documents_folder())


def test_existing_bilder_is_used(home: Path) -> None:
    (home / "Pictures").mkdir()
    (home / "Documents").mkdir()
    assert start_folders.photos_folder() == str(home / "Pictures")
    assert start_folders.documents_folder() == str(home / "Documents")


def test_the_photo_picker_starts_in_bilder_then_where_the_last_photo_was(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    plan: Plan,
    home: Path,
    photo: Path,
    consent: None,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def pick(_parent: Any, _title: str, folder: str, _filter: str) -> tuple[list[str], str]:
        asked.append(folder)
        return [str(photo)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    dialog = EvidenceDialog(app, admin, plan.participant.id)
    qtbot.addWidget(dialog)
    dialog.choose_files()
    dialog.choose_files()
    assert asked == [str(home), str(photo.parent)]
