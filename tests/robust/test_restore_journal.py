"""restore --ersatt is one recoverable step; leftovers of killed operations are swept."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.records import ParticipantDetail
from handledare_app.services import installation_copy as ic
from handledare_app.services import installation_copy_format as icf
from handledare_app.services import leftovers, restore_journal
from handledare_app.services.app import App, open_app
from handledare_app.services.paths import DataPaths
from tests.exchange_helpers import open_second

PASS = "korrekt häst batteri häftklammer"


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (no finally that matters is reached)."""


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(icf, "SCRYPT_LOG_N", min(icf.SCRYPT_LOG_N_RANGE))


@pytest.fixture
def copy_of_a(app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path) -> Any:
    result = app.backups.write_copy(admin_id, tmp_path / "a.hkopia", PASS)
    info = (result.path, app.summary.entity_digests(), app.keys.fingerprint)
    return info


@pytest.fixture
def b_dir(tmp_path: Path) -> Path:
    b = open_second(tmp_path / "b")
    b.close()
    return tmp_path / "b"


def _fingerprint_and_digests(folder: Path) -> tuple[str, Any]:
    with open_app(folder) as app:
        return app.keys.fingerprint, app.summary.entity_digests()


def _kill_after(n: int, monkeypatch: pytest.MonkeyPatch, journal: Path) -> None:
    """Let `n` renames of the move-in happen (counted once the journal exists), then die."""
    real: Callable[..., None] = os.replace
    done = [0]

    def replace(src: Any, dst: Any) -> None:
        if journal.exists() and Path(dst) != journal:
            if done[0] >= n:
                raise Killed
            done[0] += 1
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("renames", [0, 1, 2, 3, 4, 5])
def test_restore_killed_at_each_step_is_finished_at_next_start(
    renames: int, copy_of_a: Any, b_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, a_digests, a_fp = copy_of_a
    paths = DataPaths(b_dir)
    with monkeypatch.context() as m:
        _kill_after(renames, m, restore_journal.journal_path(paths))
        try:
            ic.restore_copy(source, PASS, b_dir, replace=True)
        except Killed:
            assert restore_journal.journal_path(paths).exists()
    with open_app(b_dir) as restored:  # finishes the journal, or finds nothing to do
        assert restored.keys.fingerprint == a_fp
        assert restored.summary.entity_digests() == a_digests
        assert restored.check.run() == []
    assert not restore_journal.journal_path(paths).exists()
    assert not list(b_dir.glob(restore_journal.STAGING_PREFIX + "*"))
    assert list(b_dir.glob("keys.ersatt-*"))  # B's keys moved aside, not lost
    assert list(b_dir.glob("handledare.ersatt-*.sqlite"))
    for key in (b_dir / "keys").iterdir():
        assert stat.S_IMODE(key.stat().st_mode) == 0o600, key.name


def test_restored_keys_are_owner_only(copy_of_a: Any, tmp_path: Path) -> None:
    source, _digests, _fp = copy_of_a
    target = tmp_path / "ny"
    ic.restore_copy(source, PASS, target)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (target / "keys").iterdir()}
    assert modes and set(modes.values()) == {0o600}


def test_leftovers_of_killed_operations_are_swept_at_start(b_dir: Path) -> None:
    fp, digests = _fingerprint_and_digests(b_dir)
    paths = DataPaths(b_dir)
    kept = [p for p in paths.blobs.rglob("*") if p.is_file()] + list(paths.keys.iterdir())
    assert kept
    (b_dir / "tmp").mkdir(exist_ok=True)
    planted = [
        b_dir / "tmp" / ".import-abc.zip",
        b_dir / "tmp" / ".export-abc.zip",
        b_dir / ".kopia-12-34.sqlite",
        b_dir / "handledare.restore.tmp",
        paths.backups / "handledare-20270314-101010-000001-start.sqlite.tmp",
        paths.blobs / "ab" / ".in-xyz",
        paths.blobs / "ab" / ("ab" * 32 + ".tmp"),
        paths.keys / ".signing.key.tmp",
        b_dir / ".aterstallning-20270314" / "keys" / "signing.key",
    ]
    for p in planted:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"hemligt")
    assert _fingerprint_and_digests(b_dir) == (fp, digests)
    assert [p for p in planted if p.exists()] == []
    assert not (b_dir / ".aterstallning-20270314").exists()
    assert all(p.exists() for p in kept)
    assert leftovers.leftovers(paths) == []


def test_data_folder_with_percent_and_question_mark(tmp_path: Path) -> None:
    folder = tmp_path / "data 100%?#x"
    with open_app(folder) as app:
        app.setup.set_up("Verkstan", "Kontorsdatorn", "Åsa Öberg", "2580")
        assert app.check.run() == []
        app.backup_now("manuell")
    with open_app(folder) as again:
        assert again.setup.installation().name == "Kontorsdatorn"
    assert not (tmp_path / "data 100%").exists()  # no stray file from a parsed URL


def test_an_orphaned_wal_of_the_old_database_is_moved_aside(
    copy_of_a: Any, b_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed inside move_aside_as: the old database moved, its WAL not yet."""
    source, a_digests, a_fp = copy_of_a
    paths = DataPaths(b_dir)
    wal = Path(str(paths.db) + "-wal")
    with monkeypatch.context() as m:

        def apply(p: DataPaths, staging: Path, stamp: str) -> None:
            os.replace(p.db, p.root / "handledare.ersatt-x.sqlite")
            wal.write_bytes(b"gammal wal " * 500)  # what the old database left behind
            raise Killed

        m.setattr(restore_journal, "apply", apply)
        with pytest.raises(Killed):
            ic.restore_copy(source, PASS, b_dir, replace=True)
    with open_app(b_dir) as restored:
        assert restored.keys.fingerprint == a_fp
        assert restored.summary.entity_digests() == a_digests
        assert restored.check.run() == []
    assert list(b_dir.glob("handledare.sqlite-wal.ersatt-*"))
