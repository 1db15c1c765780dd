"""Command line for Open Badges 3.0 (issue 16): `certificate … --open-badges MAPP` and
`verify FIL` (a .jwt/.json credential or a baked .png, answered like a code)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.signing import VerificationResult

if TYPE_CHECKING:
    from .services.app import App

CREDENTIAL_SUFFIXES = (".jwt", ".jws", ".json", ".png")


def add_certificate_option(cert: argparse.ArgumentParser) -> None:
    cert.add_argument(
        "--open-badges",
        metavar="MAPP",
        help="skriv också ett digitalt intyg (Open Badges 3.0) per modul till MAPP: "
        ".jwt-fil och PNG-bild",
    )


def add_verify_option(verify_parser: argparse.ArgumentParser) -> None:
    verify_parser.add_argument(
        "--namn",
        metavar="NAMN",
        help="för en fil: kontrollera att NAMN är mottagaren (namnet finns bara hashat i "
        "det digitala intyget)",
    )


def check_recipient(app: App, text: str, name: str | None) -> tuple[int, str] | None:
    """With --namn: (0, line) if the name is the recipient, (1, message) if not, (2, …)
    for --namn with a code. Printed after the verdict by `report_recipient`."""
    if name is None:
        return None
    if not is_credential_file(text):
        return 2, "--namn gäller bara ett digitalt intyg (en fil), inte en kod."
    if app.badge_verifier.recipient_is(Path(text), name):
        return 0, f"Mottagare: {' '.join(name.split())} (namnet stämmer med intyget)"
    return 1, f"Namnet ”{name}” stämmer inte med mottagaren i det digitala intyget."


def report_recipient(checked: tuple[int, str] | None) -> int:
    if checked is None:
        return 0
    code, line = checked
    print(line, file=sys.stderr if code else sys.stdout)
    return code


def is_credential_file(text: str) -> bool:
    """`verify` got a file (by its name, or because it exists: a folder too, so that it
    is named as one) rather than a code."""
    if not text.strip():  # Path("") is the current folder: an empty code stays a code
        return False
    return Path(text).suffix.lower() in CREDENTIAL_SUFFIXES or Path(text).exists()


def verify(app: App, text: str) -> VerificationResult:
    if is_credential_file(text):
        return app.badge_verifier.verify_file(Path(text))
    return app.certificates.verify(text)


def write_badges(app: App, certificate_id: str, out_dir: Path) -> list[Path]:
    """Every module of the certificate as .jwt + baked .png; prints the files written."""
    from .ui.signing.badge_files import render_badge_png

    written = app.open_badges.write_files(certificate_id, out_dir, render_badge_png)
    for path in written:
        print(path)
    return written


def write_all_badges(app: App, certificate_ids: list[str], out_dir: Path) -> int:
    """`certificate --all --open-badges DIR`: every certificate's modules; a certificate
    whose modules all wait for quality assurance is named on stderr and skipped."""
    from .domain.errors import ValidationError

    skipped = 0
    for cid in certificate_ids:
        try:
            write_badges(app, cid, out_dir)
        except ValidationError as exc:
            skipped += 1
            print(f"Hoppar över ett intyg: {exc.full_text()}", file=sys.stderr)
    return skipped
