"""Three laptops syncing into one folder at the same moment, as real processes
(issue 11, bad input): nobody crashes, nobody reads a half-written package, and after a
quiet round all three hold the same records."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handledare_app.services.app import open_app
from tests.exchange_helpers import digests, rich_participant
from tests.sync_helpers import fast_seal, join

ROUNDS = int(os.environ.get("HANDLEDARE_SYNC_RACE_ROUNDS", "1"))  # longer: by hand


def _start(data: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "handledare_app", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _together(laptops: list[Path], folder: Path) -> list[tuple[int, str, str]]:
    """Start every laptop's `sync` at once, then wait for all."""
    running = [_start(d, "sync", str(folder)) for d in laptops]
    out = []
    for p in running:
        stdout, stderr = p.communicate(timeout=60)
        out.append((p.returncode, stdout, stderr))
    return out


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
    admin = a.supervisors.list()[0].id
    b, c = join(a, tmp_path, "Butikslaptop"), join(a, tmp_path, "Kafelaptop")
    laptops = [a, b, c]
    for laptop in (b, c, a, b, c):  # everyone learns everyone's key
        laptop.sync.run(folder)
    for laptop in laptops:
        laptop.close()
    dirs = [laptop.paths.root for laptop in laptops]
    for round_no in range(ROUNDS):
        for i, d in enumerate(dirs):  # an edit on every laptop between rounds
            with open_app(d) as laptop:
                rich_participant(laptop, admin, f"R{round_no}L{i}", tmp_path)
        for code, stdout, stderr in _together(dirs, folder):
            assert code == 0, stderr
            assert stderr == ""
            assert "lästes inte" not in stdout, stdout  # never a half-written package
    for _ in range(2):  # a quiet round: one at a time
        for d in dirs:
            with open_app(d) as laptop:
                laptop.sync.run(folder)
    first, *rest = [_digests(d) for d in dirs]  # what `summary --json` prints
    assert all(s == first for s in rest)
    assert first["participant"]["count"] == ROUNDS * len(dirs)
    assert not [n for n in os.listdir(folder) if n.startswith(".")]  # no temp left behind
