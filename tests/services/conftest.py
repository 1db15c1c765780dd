"""Faster `app`: copy a data folder set up once per session through the services.

Set-up with the example catalogue takes about half a second; copying a folder
built the same way (tests/helpers.build_set_up_dir) keeps the suite quick.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.services.app import App, open_app
from tests.helpers import build_set_up_dir


@pytest.fixture(scope="session")
def set_up_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("template") / "data"
    build_set_up_dir(target)
    return target


@pytest.fixture
def set_up_dir(data_dir: Path, set_up_template: Path) -> Path:
    """A set-up data folder that is not open yet."""
    shutil.copytree(set_up_template, data_dir)
    return data_dir


@pytest.fixture
def app(set_up_dir: Path) -> Iterator[App]:
    """Overrides tests/conftest.py's `app` with the same content, built once."""
    opened = open_app(set_up_dir)
    yield opened
    opened.close()
