"""Reading and writing user files: Swedish reasons, never English strerror."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services.files import output_path, read_user_file, write_file_atomic


def test_reasons_are_swedish(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    with pytest.raises(UserError) as err:
        write_file_atomic(blocker / "ut.json", b"{}", "katalogfilen")
    assert "en del av sökvägen är ingen mapp" in err.value.message
    assert "Not a directory" not in err.value.message
    with pytest.raises(UserError, match="är en mapp"):
        read_user_file(tmp_path, "Katalogfilen", 1000)


def test_output_path_refuses_a_folder_and_a_missing_folder(tmp_path: Path) -> None:
    assert output_path(tmp_path / "paket.hpkg", "paket.hpkg") == tmp_path / "paket.hpkg"
    with pytest.raises(UserError, match="Ange ett filnamn, till exempel x"):
        output_path(tmp_path, "x.hpkg")
    with pytest.raises(UserError, match="finns inte"):
        output_path(tmp_path / "saknas" / "paket.hpkg", "x.hpkg")
