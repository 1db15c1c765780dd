"""`invite`, `join` (code on stdin) and `sync DIR` on the command line (issue 11)."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.services.app import open_app
from tests.exchange_helpers import rich_participant
from tests.sync_fault_helpers import fill_up
from tests.sync_helpers import fast_seal


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_invite_join_sync(
    set_up_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast_seal(monkeypatch)  # real scrypt: tests/services/test_joining.py
    with open_app(set_up_dir) as a:
        rich_participant(a, a.supervisors.list()[0].id, "Märta", tmp_path)
    inv = tmp_path / "ny.hinbjudan"
    code, out, _ = run(capsys, "--data-dir", str(set_up_dir), "invite", "--out", str(inv))
    assert code == 0
    secret = out.strip().splitlines()[-1]
    b = tmp_path / "b"
    monkeypatch.setattr("sys.stdin", io.StringIO("XXXXX-YYYYY\n"))
    code, _, err = run(capsys, "--data-dir", str(b), "join", str(inv), "--namn", "Lager")
    assert code == 1 and "Koden stämmer inte" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    code, out, err = run(capsys, "--data-dir", str(b), "join", str(inv), "--namn", "Lager")
    assert code == 0, err
    assert "1 deltagare" in out
    folder = tmp_path / "sticka"
    folder.mkdir()
    assert run(capsys, "--data-dir", str(b), "sync", str(folder))[0] == 0
    with open_app(b) as joined:
        b_id = joined.db.installation_id
    code, out, _ = run(capsys, "--data-dir", str(set_up_dir), "sync", str(folder))
    assert code == 0 and "från Lager" in out
    # The folder is remembered.
    code, out, _ = run(capsys, "--data-dir", str(set_up_dir), "sync")
    assert code == 0 and "Inget nytt" in out
    # Lager is no longer used: taken out of the workplace (issue 11).
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "remove-computer", "Okänd")
    assert code == 1 and "ingen annan dator som heter" in err
    code, out, _ = run(capsys, "--data-dir", str(set_up_dir), "remove-computer", "Lager")
    assert code == 0 and "Lager är borttagen ur arbetsplatsen" in out
    code, out, _ = run(capsys, "--data-dir", str(set_up_dir), "sync")
    assert code == 0 and "städades bort" in out and "inga andra datorer" in out
    assert "En administratör bjuder in" in out  # a non-admin knows whom to ask
    assert "handledare-app invite" in out  # the way to add one, on the command line too
    assert not list(folder.glob(f"hsync-*{b_id}*"))


def test_sync_to_read_only_folder(
    set_up_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "read-only")

    monkeypatch.setattr("handledare_app.services.sync.open", read_only, raising=False)
    folder = tmp_path / "ro"
    folder.mkdir()
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "sync", str(folder))
    assert code == 1 and "går inte att skriva i mappen" in err and "skrivskyddad" in err
    assert list(folder.iterdir()) == []


def test_sync_to_missing_folder(
    set_up_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "sync", str(tmp_path / "borta"))
    assert code == 1 and "finns inte" in err


def test_sync_to_a_file_says_it_is_not_a_folder(
    set_up_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paket = tmp_path / "paket.hpkg"
    paket.write_bytes(b"x")
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "sync", str(paket))
    assert code == 1 and "är en fil, inte en mapp" in err and "finns inte" not in err


def test_sync_to_a_full_folder(
    set_up_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full stick: exit 1 with the Swedish reason and what to do; nothing left in it."""
    fast_seal(monkeypatch)
    with open_app(set_up_dir) as a:
        inv = a.joining.invite(None, tmp_path / "x.hinbjudan")
    folder = tmp_path / "full"
    folder.mkdir()
    with open_app(tmp_path / "b") as b:
        b.joining.join(inv.path, inv.code, "Lager")
        b.sync.run(folder)
    assert run(capsys, "--data-dir", str(set_up_dir), "sync", str(folder))[0] == 0
    before = sorted(folder.iterdir())

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("handledare_app.services.sync.open", full, raising=False)
    fill_up(monkeypatch, folder, room=0)
    code, out, err = run(capsys, "--data-dir", str(set_up_dir), "sync", str(folder))
    assert code == 1 and out == ""
    assert "är full" in err and "Frigör plats" in err and "välj en annan mapp" in err
    assert "Inget nytt från de andra datorerna" in err  # what was read, said too
    assert sorted(folder.iterdir()) == before
