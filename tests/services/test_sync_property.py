"""Three laptops of one workplace, random edits, syncing through one folder with
packages lost on the way (issue 11): in the end all hold the same records. The driver
lives in tests/sync_scenario.py (benchmarks/bench_sync.py runs it longer, timed)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from handledare_app.services.app import App
from handledare_app.storage.models import ConflictRow
from tests.exchange_helpers import digests
from tests.sync_helpers import fast_seal
from tests.sync_scenario import run_rounds, settle, three_laptops

ROUNDS = 30


def test_three_laptops_converge_through_one_folder(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    rng = random.Random(11)
    folder = tmp_path / "sticka"
    folder.mkdir()
    laptops = three_laptops(app, tmp_path)
    owned: list[list[str]] = [[], [], []]
    try:
        run_rounds(rng, laptops, admin_id, owned, folder, tmp_path, ROUNDS)
        settle(laptops, folder)
        first = digests(laptops[0])
        for entity in ("signoff", "signoff_reopening", "tombstone", "attachment"):
            assert first[entity]["count"] > 0, entity  # the run did exercise these
        for laptop in laptops[1:]:
            assert digests(laptop) == first
        for laptop in laptops:
            assert laptop.check.run() == []
        # Every losing value is in a conflict log and lost to the value now held.
        for laptop in laptops:
            with laptop.db.reader() as tx:
                for c in tx.find(ConflictRow, field="phone"):
                    assert c.lost_value != laptops[0].participants.get(c.record_id).phone
        # Only this laptop's newest package is left in the folder.
        assert len(list(folder.glob("hsync-*.hpkg"))) == 3
    finally:
        for laptop in laptops[1:]:
            laptop.close()
