"""`certificate` and `verify` on the command line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.cli_signing import VERIFY_EXIT
from handledare_app.services.app import open_app


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("demo-signing") / "data"
    assert main(["--data-dir", str(d), "demo", "--deltagare", "14"]) == 0
    return d


def test_demo_has_signed_modules_reviews_and_certificates(demo: Path) -> None:
    with open_app(demo) as app:
        signed = app.signing.participants_with_signoffs()
        assert len(signed) >= 3
        certs = app.certificates.issued()
        assert {c.participant_id for c in certs} >= set(signed)
        assert app.check.run() == []


def test_certificate_all_writes_one_pdf_per_participant(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "intyg"
    code, stdout, _ = run(
        capsys, "--data-dir", str(demo), "certificate", "--all", "--out", str(out)
    )
    assert code == 0
    files = sorted(out.glob("*.pdf"))
    with open_app(demo) as app:
        expected = len(app.signing.participants_with_signoffs())
        names = [p.name for p in app.participants.list()]
    assert len(files) == expected and f"{expected} intyg skrivna" in stdout
    for f in files:
        assert not any(part in f.name for n in names for part in n.split())
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(files[0]), "-"], capture_output=True, text=True)
        assert "Intyg om validerad kompetens" in text.stdout


def test_certificate_by_participant_id_and_by_code(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_app(demo) as app:
        pid = app.signing.participants_with_signoffs()[0]
        cert = app.certificates.issue(None, pid)
    out = tmp_path / "a.pdf"
    code, stdout, _ = run(capsys, "--data-dir", str(demo), "certificate", pid, "--out", str(out))
    assert code == 0 and cert.display_code in stdout and out.read_bytes().startswith(b"%PDF")
    out2 = tmp_path / "b.pdf"
    code, stdout, _ = run(
        capsys, "--data-dir", str(demo), "certificate", cert.code.lower(), "--out", str(out2)
    )
    assert code == 0 and cert.display_code in stdout


def test_certificate_errors_are_swedish(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_app(demo) as app:
        signed = set(app.signing.participants_with_signoffs())
        unsigned = next(p.id for p in app.participants.list() if p.id not in signed)
    code, _, err = run(
        capsys, "--data-dir", str(demo), "certificate", unsigned, "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1 and "ingen signerad modul" in err
    code, _, err = run(
        capsys, "--data-dir", str(demo), "certificate", "--out", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "Ange antingen" in err
    pid = next(iter(signed))
    code, _, err = run(
        capsys,
        "--data-dir",
        str(demo),
        "certificate",
        pid,
        "--out",
        str(tmp_path / "nej" / "x.pdf"),
    )
    assert code == 1 and "Det gick inte att skriva intyget" in err
    code, _, err = run(
        capsys, "--data-dir", str(tmp_path / "tom"), "certificate", pid, "--out", "x.pdf"
    )
    assert code == 1 and "ingen databas" in err


def test_verify_exit_codes(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_app(demo) as app:
        cert = app.certificates.issued()[0]
    code, out, _ = run(capsys, "--data-dir", str(demo), "verify", cert.code.lower())
    assert code == VERIFY_EXIT["valid"] == 0 and "GILTIGT" in out
    code, out, _ = run(capsys, "--data-dir", str(demo), "verify", "ZZZZZZZZZZ")
    assert code == VERIFY_EXIT["unknown"] == 3 and "OKÄNT" in out
    code, _, err = run(capsys, "--data-dir", str(demo), "verify", "12-34")
    assert code == 1 and "ska ha 10 tecken" in err
    assert len(set(VERIFY_EXIT.values())) == 4


def test_verify_revoked_has_its_own_exit_code(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_app(demo) as app:
        admin = next(s for s in app.supervisors.list() if s.is_admin)
        cert = app.certificates.issued()[-1]
        app.certificates.revoke(admin.id, cert.id, "Testar återkallelse")
    code, out, _ = run(capsys, "--data-dir", str(demo), "verify", cert.display_code)
    assert code == VERIFY_EXIT["revoked"] == 4 and "ÅTERKALLAT" in out and "Testar" in out
