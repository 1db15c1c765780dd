"""`export`, `import` and `network` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.services.app import open_app
from tests.exchange_helpers import open_second, rich_participant


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def summary(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    code, out, _ = run(capsys, "--data-dir", str(data), "summary", "--json")
    assert code == 0
    return out


@pytest.fixture
def two(set_up_dir: Path, tmp_path: Path) -> tuple[Path, Path, str]:
    """A (with a participant) and B; returns their folders and A's fingerprint."""
    with open_app(set_up_dir) as a:
        admin = a.supervisors.list()[0].id
        rich_participant(a, admin, "Märta", tmp_path)
        fp = a.keys.fingerprint
    b_dir = tmp_path / "b"
    open_second(b_dir).close()
    return set_up_dir, b_dir, fp


def test_network_export_import_export_import(
    two: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, fp = two
    net_b = tmp_path / "natverk-b.json"
    code, out, _ = run(capsys, "--data-dir", str(b), "network", "export", str(net_b))
    assert code == 0 and "fingeravtryck" in out
    # A learns B from B's network file (first time: fingerprint required).
    with open_app(b) as bb:
        fp_b = bb.keys.fingerprint
    code, _, err = run(capsys, "--data-dir", str(a), "network", "import", str(net_b))
    assert code == 1 and fp_b in err and "--trust-fingerprint" in err
    code, out, _ = run(
        capsys, "--data-dir", str(a), "network", "import", str(net_b), "--trust-fingerprint", fp_b
    )
    assert code == 0 and "är inläst" in out
    code, out, _ = run(capsys, "--data-dir", str(a), "network", "show")
    assert "Lagerdatorn" in out

    pkg = tmp_path / "till-b.hpkg"
    code, out, err = run(
        capsys,
        "--data-dir",
        str(a),
        "export",
        "--profile",
        "exchange",
        "--to",
        "Lagerdatorn",
        "--out",
        str(pkg),
    )
    assert code == 0, err
    assert "skrivet och kontrollerat" in out and "Lagerdatorn" in out

    before = summary(capsys, b)
    code, out, err = run(capsys, "--data-dir", str(b), "import", str(pkg), "--dry-run")
    assert code == 1 and fp in err  # B does not know A yet
    code, out, err = run(
        capsys, "--data-dir", str(b), "import", str(pkg), "--dry-run", "--trust-fingerprint", fp
    )
    assert code == 0, err
    assert "provläsning" in out and "Deltagare: 1 ny." in out
    assert summary(capsys, b) == before
    code, out, err = run(
        capsys, "--data-dir", str(b), "import", str(pkg), "--trust-fingerprint", fp
    )
    assert code == 0 and "Deltagare: 1 ny." in out and "Bevis: 1 ny." in out
    code, out, _ = run(capsys, "--data-dir", str(b), "import", str(pkg))
    assert code == 0 and "redan inläst" in out
    after = json.loads(summary(capsys, b))
    assert after["participant"] == json.loads(summary(capsys, a))["participant"]


def test_import_folder_with_one_bad_file_exits_non_zero(
    two: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, fp = two
    folder = tmp_path / "inkorg"
    folder.mkdir()
    phrase = tmp_path / "fras.txt"
    phrase.write_text("en lång hemlig fras\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "--data-dir",
        str(a),
        "export",
        "--profile",
        "exchange",
        "--passphrase-file",
        str(phrase),
        "--out",
        str(folder / "1.hpkg"),
    )
    assert code == 0, err
    (folder / "2.hpkg").write_bytes(b"inte ett paket")
    before = summary(capsys, b)
    code, out, err = run(
        capsys,
        "--data-dir",
        str(b),
        "import",
        str(folder),
        "--passphrase-file",
        str(phrase),
        "--trust-fingerprint",
        fp,
    )
    assert code == 1
    assert "1.hpkg: inläst" in out
    assert "2.hpkg" in err and "inte krypterad med age" in err
    assert "1 fil kunde inte läsas in" in err
    assert summary(capsys, b) != before


def test_export_argument_errors(
    two: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _b, _fp = two
    code, _, err = run(
        capsys,
        "--data-dir",
        str(a),
        "export",
        "--profile",
        "exchange",
        "--out",
        str(tmp_path / "x.hpkg"),
    )
    assert code == 1 and "mottagare" in err
    code, _, err = run(
        capsys,
        "--data-dir",
        str(a),
        "export",
        "--profile",
        "exchange",
        "--to",
        "Okänd dator",
        "--out",
        str(tmp_path / "x.hpkg"),
    )
    assert code == 1 and "finns inte i nätverksfilen" in err
    assert not (tmp_path / "x.hpkg").exists()


def test_import_with_a_wrong_trust_fingerprint_says_it_does_not_match(
    two: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, fp = two
    words = tmp_path / "lösen.txt"
    words.write_text("en lång lösenfras för test\n", encoding="utf-8")
    pkg = tmp_path / "p.hpkg"
    args = ["--profile", "exchange", "--passphrase-file", str(words), "--out", str(pkg)]
    assert run(capsys, "--data-dir", str(a), "export", *args)[0] == 0
    wrong = "0000 0000 0000 0000 0000 0000 0000 0000"
    code, _, err = run(
        capsys, "--data-dir", str(b), "import", str(pkg), "--passphrase-file", str(words),
        "--trust-fingerprint", wrong,
    )  # fmt: skip
    assert code == 1 and fp in err
    assert f"Fingeravtrycket du angav ({wrong}) stämmer inte" in err


def test_network_import_with_a_wrong_trust_fingerprint_says_it_does_not_match(
    two: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, _fp = two
    net_b = tmp_path / "natverk-b.json"
    assert run(capsys, "--data-dir", str(b), "network", "export", str(net_b))[0] == 0
    code, _, err = run(
        capsys, "--data-dir", str(a), "network", "import", str(net_b), "--trust-fingerprint", "0000"
    )
    assert code == 1
    assert "Fingeravtrycket du angav (0000) stämmer inte" in err
