"""One laptop of tests/cli/test_cli_sync_concurrent.py, run as its own process: a few
rounds of one edit, then `handledare-app --data-dir D sync F` (the CLI's main, so the
process starts once). Prints each round's exit code; stderr carries any error text.

    python -m tests.cli.sync_race_driver DATA FOLDER ROUNDS TAG PHOTOS
"""

from __future__ import annotations

import sys
from pathlib import Path

from handledare_app.cli import main
from handledare_app.services.app import open_app
from tests.exchange_helpers import rich_participant


def run(data: Path, folder: Path, rounds: int, tag: str, photos: Path) -> None:
    photos.mkdir(parents=True, exist_ok=True)
    for round_no in range(rounds):
        with open_app(data) as app:
            actor = app.supervisors.list()[0].id
            rich_participant(app, actor, f"{tag}R{round_no}", photos)
        code = main(["--data-dir", str(data), "sync", str(folder)])
        print(f"runda {round_no}: {code}", flush=True)


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4], Path(sys.argv[5]))
