"""The one resource locator: source checkout, installed wheel and frozen build.

In a wheel `resurser/` is installed as the package data folder
`handledare_app/resurser`; in a checkout it sits beside the package; in a
PyInstaller build it is next to the executable's internal folder.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    candidates = []
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        candidates.append(Path(frozen_base) / "resurser")
    candidates += [_HERE / "resurser", _HERE.parent / "resurser"]
    for c in candidates:
        if (c / "katalog").is_dir():
            return c
    raise FileNotFoundError(
        "Programmets resursfiler saknas (mappen ”resurser”). Installera om Handledarappen."
    )


def resource(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def example_catalogue_path() -> Path:
    return resource("katalog", "exempelkatalog.json")
