"""Where data lives: platformdirs, overridable by --data-dir or HANDLEDARE_DATA_DIR."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

from ..domain.errors import DataDirError

ENV_VAR = "HANDLEDARE_DATA_DIR"


def default_data_dir() -> Path:
    # No version in the path: upgrades and uninstalls must never move user data.
    return Path(platformdirs.user_data_dir("Handledarappen", appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | None = None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


class DataPaths:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = root / "handledare.sqlite"
        self.blobs = root / "blobs"
        self.backups = root / "backups"
        self.keys = root / "keys"
        self.logs = root / "logs"

    def prepare(self) -> None:
        """Create the folders and prove we can write, with a Swedish error otherwise."""
        if self.root.exists() and not self.root.is_dir():
            raise DataDirError(f"Datamappen {self.root} är en fil, inte en mapp. Välj en annan.")
        try:
            for d in (self.root, self.blobs, self.backups, self.keys, self.logs):
                d.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".skrivtest-"):
                pass
        except OSError as exc:
            from .files import os_error_text

            raise DataDirError(
                f"Det går inte att skriva i datamappen {self.root} ({os_error_text(exc)}). "
                "Kontrollera behörigheten, att disken inte är full eller skrivskyddad, eller "
                "välj en annan mapp med --data-dir."
            ) from None
