"""Three laptops syncing into one folder at the same moment, as real processes
(issue 11, bad input): nobody crashes, nobody reads a half-written package, and after a
quiet round all three hold the same records (what `summary --json` prints)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handledare_app.services.app import open_app
from tests.exchange_helpers import digests
from tests.sync_helpers import fast_seal, join

ROOT = Path(__file__).resolve().parents[2]
# Rounds per laptop; a longer hunt for races by hand: HANDLEDARE_SYNC_RACE_ROUNDS=20.
ROUNDS = int(os.environ.get("HANDLEDARE_SYNC_RACE_ROUNDS", "2"))


def _laptop(data: Path, folder: Path, tag: str, photos: Path) -> subprocess.Popen[str]:
    """One laptop's process: ROUNDS × (an edit, then `sync FOLDER` through the CLI)."""
    args = [str(data), str(folder), str(ROUNDS), tag, str(photos)]
    return subprocess.Popen(
        [sys.executable, "-m", "tests.cli.sync_race_driver", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def _digests(data: Path) -> dict[str, Any]:
    with open_app(data) as laptop:
        return digests(laptop)


def test_three_laptops_sync_at_the_same_moment(
    set_up_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    folder = tmp_path / "delad"
    folder.mkdir()
    a = open_app(set_up_dir)
    b, c = join(a, tmp_path, "Butikslaptop"), join(a, tmp_path, "Kafelaptop")
    laptops = [a, b, c]
    for laptop in (b, c, a, b, c):  # everyone learns everyone's key
        laptop.sync.run(folder)
    for laptop in laptops:
        laptop.close()
    dirs = [laptop.paths.root for laptop in laptops]
    running = [_laptop(d, folder, f"L{i}", tmp_path / f"foto{i}") for i, d in enumerate(dirs)]
    for p in running:  # all three started together, syncs overlapping
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr
        assert stderr == "", stderr  # no error, no crash
        assert stdout.count(": 0\n") == ROUNDS, stdout  # every sync exited 0
        assert "lästes inte" not in stdout, stdout  # never a half-written package
    for d in [*dirs, *dirs[:2]]:  # a quiet round, one at a time: the last reads all
        with open_app(d) as laptop:
            laptop.sync.run(folder)
    first, *rest = [_digests(d) for d in dirs]
    assert all(s == first for s in rest)
    assert first["participant"]["count"] == ROUNDS * len(dirs)
    assert not [n for n in os.listdir(folder) if n.startswith(".")]  # no temp left behind
