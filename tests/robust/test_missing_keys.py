"""A data folder without its keys never becomes a different installation silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.services.app import App, open_app
from handledare_app.services.identity import RENEWED_KEY, KeysMissingError


def _fingerprint(data: Path) -> str:
    with open_app(data) as app:
        return app.keys.fingerprint


def test_missing_keys_refuse_to_start_and_change_nothing(set_up_dir: Path) -> None:
    before = _fingerprint(set_up_dir)
    shutil.rmtree(set_up_dir / "keys")
    db_bytes = (set_up_dir / "handledare.sqlite").read_bytes()
    with pytest.raises(KeysMissingError) as refused:
        open_app(set_up_dir)
    text = refused.value.full_text()
    assert before in text  # names the identity the database expects
    assert ".hkopia" in text and "--ersatt" in text
    assert "keys new-installation --bekrafta" in text
    assert not (set_up_dir / "keys" / "signing.key").exists()  # no new keys made
    assert (set_up_dir / "handledare.sqlite").read_bytes() == db_bytes
    with pytest.raises(KeysMissingError):  # and the lock was released: it can be retried
        open_app(set_up_dir)


def test_one_missing_key_file_is_refused_too(set_up_dir: Path) -> None:
    _fingerprint(set_up_dir)
    (set_up_dir / "keys" / "age.key").unlink()
    with pytest.raises(KeysMissingError, match=r"age\.key"):
        open_app(set_up_dir)


def test_keys_of_another_installation_are_refused(set_up_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    with open_app(other) as b:
        b.setup.set_up("Annan", "Lånedatorn", "Bo Berg", "2580")
        other_fp = b.keys.fingerprint
    shutil.rmtree(set_up_dir / "keys")
    shutil.copytree(other / "keys", set_up_dir / "keys")
    with pytest.raises(KeysMissingError, match="annan installation") as refused:
        open_app(set_up_dir)
    assert other_fp in refused.value.message


def test_deliberate_new_installation_through_the_cli(
    set_up_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fingerprint(set_up_dir)
    shutil.rmtree(set_up_dir / "keys")
    assert main(["--data-dir", str(set_up_dir), "keys", "new-installation"]) == 2
    assert "--bekrafta" in capsys.readouterr().err
    assert main(["--data-dir", str(set_up_dir), "keys", "new-installation", "--bekrafta"]) == 0
    out = capsys.readouterr().out
    after = _fingerprint(set_up_dir)  # starts again, with the new identity
    assert after != before and after in out
    with open_app(set_up_dir) as app:
        assert app.local_settings.get(RENEWED_KEY) == app.keys.signing_public_hex
        assert app.check.run() == []


def test_fresh_folder_still_gets_keys_at_set_up(empty_app: App) -> None:
    empty_app.setup.set_up("Ny", "Kontorsdatorn", "Åsa Öberg", "2580")
    assert (empty_app.paths.keys / "signing.key").exists()
