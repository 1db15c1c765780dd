"""PINs and codes on standard in: one reader for every command that needs one."""

from __future__ import annotations

import getpass
import sys

from .domain.errors import UserError


def read_secret(prompt: str, *, confirm: str | None = None) -> str:
    """Asked without echo on a terminal (twice with `confirm`), else the first line of
    standard in, '' when it is empty. Closed standard in is a UserError in Swedish
    (getpass would fall back to it and fail)."""
    if sys.stdin is None or sys.stdin.closed:
        raise UserError(
            "Standard in är stängd. Skicka PIN-koden eller koden på standard in, "
            "till exempel: echo 1234 | handledare-app …"
        )
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    secret = getpass.getpass(prompt)
    if confirm is not None and getpass.getpass(confirm) != secret:
        raise UserError("PIN-koderna är olika. Försök igen.")
    return secret
