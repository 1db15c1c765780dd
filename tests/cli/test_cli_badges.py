"""`certificate ID --open-badges DIR` and `verify FIL` on the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.cli_signing import VERIFY_EXIT
from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.services import badge_png
from handledare_app.services.app import open_app
from tests.signing_helpers import ready_module, sign


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def signed_dir(set_up_dir: Path) -> tuple[Path, str]:
    with open_app(set_up_dir) as app:
        admin = app.supervisors.list()[0].id
        app.quality.update_settings(admin, sample_rate=0.0, required=True)
        p = app.participants.create(
            admin,
            first_name="Märta",
            last_name="Ekström",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.EMPLOYMENT_SERVICE,
            start_date=dt.date(2026, 9, 1),
        )
        sign(app, admin, ready_module(app, admin, p.id, 0))
        return set_up_dir, p.id


def test_open_badges_batch_and_verify_file(
    signed_dir: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, pid = signed_dir
    out = tmp_path / "märken"
    code, stdout, err = run(
        capsys, "--data-dir", str(data), "certificate", pid, "--open-badges", str(out)
    )
    assert code == 0, err
    pngs = sorted(out.glob("*.png"))
    jwts = sorted(out.glob("*.jwt"))
    assert len(pngs) == len(jwts) == 1 and str(pngs[0]) in stdout
    # The image is a real PNG (Qt drew it) with the credential baked in.
    assert badge_png.extract(pngs[0].read_bytes()) == jwts[0].read_text().strip()
    assert len(pngs[0].read_bytes()) > 5_000
    for f in (pngs[0], jwts[0]):
        code, stdout, err = run(capsys, "--data-dir", str(data), "verify", str(f))
        assert code == VERIFY_EXIT["valid"], err
        assert "GILTIGT" in stdout and "Deltagare: Märta Ekström" in stdout
    # Revoked in the register: the credential answers återkallat, with its exit code.
    with open_app(data) as app:
        admin = app.supervisors.list()[0].id
        app.certificates.revoke(admin, app.certificates.issued()[0].id, "Fel deltagare")
    code, stdout, _ = run(capsys, "--data-dir", str(data), "verify", str(pngs[0]))
    assert code == VERIFY_EXIT["revoked"] and "ÅTERKALLAT" in stdout


def test_altered_and_unreadable_files(
    signed_dir: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, pid = signed_dir
    out = tmp_path / "m"
    assert (
        run(capsys, "--data-dir", str(data), "certificate", pid, "--open-badges", str(out))[0] == 0
    )
    token = next(out.glob("*.jwt")).read_text().strip()
    forged = tmp_path / "f.jwt"
    forged.write_text(token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB"))
    code, stdout, _ = run(capsys, "--data-dir", str(data), "verify", str(forged))
    assert code == VERIFY_EXIT["altered"] and "ÄNDRAT" in stdout
    junk = tmp_path / "skräp.png"
    junk.write_bytes(b"inte en bild")
    code, _, err = run(capsys, "--data-dir", str(data), "verify", str(junk))
    assert code == 1 and ("PNG" in err or "intyg" in err)
    code, _, err = run(capsys, "--data-dir", str(data), "certificate", pid)
    assert code == 2 and "--out" in err


def test_recipient_name_check(
    signed_dir: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, pid = signed_dir
    out = tmp_path / "m"
    assert (
        run(capsys, "--data-dir", str(data), "certificate", pid, "--open-badges", str(out))[0] == 0
    )
    png = str(next(out.glob("*.png")))
    code, stdout, _ = run(
        capsys, "--data-dir", str(data), "verify", png, "--namn", "märta  ekström"
    )
    assert code == 0 and "namnet stämmer" in stdout
    code, _, err = run(capsys, "--data-dir", str(data), "verify", png, "--namn", "Maria Ekström")
    assert code == 1 and "stämmer inte" in err
    code, _, err = run(capsys, "--data-dir", str(data), "verify", "WGJ7G-P0MKZ", "--namn", "X")
    assert code == 2 and "--namn" in err


def test_all_certificates_with_open_badges(
    signed_dir: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _pid = signed_dir
    pdfs, badges = tmp_path / "pdf", tmp_path / "märken"
    code, _, err = run(
        capsys,
        "--data-dir",
        str(data),
        "certificate",
        "--all",
        "--out",
        str(pdfs),
        "--open-badges",
        str(badges),
    )
    assert code == 0, err
    assert len(list(pdfs.glob("*.pdf"))) == 1
    assert len(list(badges.glob("*.png"))) == len(list(badges.glob("*.jwt"))) == 1


def test_all_certificates_to_a_badge_folder_that_cannot_be_made(
    signed_dir: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not "skipped" per certificate with exit 0 and nothing written: one clear error."""
    data, _pid = signed_dir
    blocker = tmp_path / "en-fil"
    blocker.write_text("x")
    code, _, err = run(
        capsys,
        "--data-dir",
        str(data),
        "certificate",
        "--all",
        "--out",
        str(tmp_path / "pdf"),
        "--open-badges",
        str(blocker / "märken"),
    )
    assert code == 1 and "kunde inte skapas" in err and "Hoppar över" not in err
