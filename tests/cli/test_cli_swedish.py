"""CLI output in Swedish without table names (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import init, run


def test_summary_on_screen_names_records_in_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    code, out, _ = run(capsys, "--data-dir", str(d), "summary")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Uppgifter")
    names = [line[:40].strip() for line in lines[1:]]
    assert "Arbetsplatser" in names and "Handledare" in names
    for code_word in ("workplace", "business_area", "evidence_criterion", "_"):
        assert not any(code_word in n for n in names), code_word


def test_help_has_no_english_and_no_none_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(capsys, "--help")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "visa programmets version och avsluta" in out
    assert "show program" not in out
    assert "None" not in out


@pytest.mark.parametrize(
    ("args", "swedish"),
    [
        (
            ["stats", "--period", "2027H1", "--json", "--csv", "x.csv"],
            "kan inte kombineras med argumentet --json",
        ),
        (["check", "--repair-triggers=ja"], "tar inget värde"),
        (["summary", "--json=1"], "tar inget värde"),
    ],
)
def test_argparse_errors_of_every_kind_are_swedish(
    capsys: pytest.CaptureFixture[str], args: list[str], swedish: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        run(capsys, *args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert swedish in err
    for english in ("not allowed", "ignored explicit", "error:", "usage:"):
        assert english not in err
