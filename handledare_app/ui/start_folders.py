"""Where a file dialog opens. Left to Qt it opens in the program's working folder: on a
laptop started from the Start menu that is the folder the app is installed in, full of
program files, and no place a supervisor keeps photos or saves a certificate (found
walking the GUI). Photos start in Bilder and then where the last photo was taken from;
documents start in Dokument. A folder that does not exist falls back to the home folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

_last_picked: dict[str, str] = {}  # this session only; never stored (folders may name people)


def _existing(location: QStandardPaths.StandardLocation) -> str:
    folder = QStandardPaths.writableLocation(location)
    if folder and Path(folder).is_dir():
        return folder
    return str(Path.home())


def documents_folder() -> str:
    return _existing(QStandardPaths.StandardLocation.DocumentsLocation)


def photos_folder() -> str:
    """Where the last photo or file was picked from in this session, else Bilder."""
    last = _last_picked.get("photos")
    if last and Path(last).is_dir():
        return last
    return _existing(QStandardPaths.StandardLocation.PicturesLocation)


def remember_photos_folder(picked: list[str]) -> None:
    """After the picker closed with files: start there next time."""
    if picked:
        _last_picked["photos"] = str(Path(picked[0]).parent)
