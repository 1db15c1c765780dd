"""Argument combinations argparse cannot check exit 2, like argparse's own refusals
(README: 1 for a problem the user can fix, 2 for wrong arguments), with a Swedish
message naming the argument, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["backup", "create", "--to", "kopia.hkopia"], "--passphrase-file"),
        (["backup", "create", "--passphrase-file", "fras.txt"], "--to"),
        (
            ["export", "--profile", "exchange", "--to", "age1x", "--passphrase-file", "fras.txt"],
            "inte båda",
        ),
        (["stats", "--period", "2026H1", "--json", "--utan-skydd"], "--admin"),
        (["sync"], "mappen"),
    ],
)
def test_refused_combinations_exit_2(
    capsys: pytest.CaptureFixture[str],
    set_up_dir: Path,
    tmp_path: Path,
    args: list[str],
    named: str,
) -> None:
    (tmp_path / "fras.txt").write_text("en lång hemlig fras\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [str(tmp_path / a) if a.endswith((".hkopia", ".txt")) else a for a in args]
    if args[0] == "export":
        args += ["--out", str(tmp_path / "p.hpkg")]
    code, _out, err = run(capsys, "--data-dir", str(set_up_dir), *args)
    assert code == 2, err
    assert named in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


@pytest.mark.parametrize("count", ["0", "20001"])
def test_demo_size_out_of_range_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, count: str
) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "demo", "--deltagare", count)
    assert code == 2 and "mellan 1 och 20 000" in err
    assert not (tmp_path / "d" / "handledare.sqlite").exists()
