"""Laptops of one workplace for sync tests (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services import joining
from handledare_app.services.app import App, open_app


def fast_seal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The invitation's scrypt takes seconds; joining has its own tests (test_joining)."""

    def seal(data: bytes, code: str) -> bytes:
        return code.encode() + b"|" + data

    def unseal(data: bytes, code: str) -> bytes:
        head, _, body = data.partition(b"|")
        if head != code.encode():
            raise UserError("fel kod")
        return body

    monkeypatch.setattr(joining.crypto, "encrypt_with_passphrase", seal)
    monkeypatch.setattr(joining.crypto, "decrypt_with_passphrase", unseal)


def join(a: App, tmp_path: Path, name: str, folder: str | None = None) -> App:
    """A new laptop that joined `a`'s workplace by invitation."""
    folder = folder or name
    inv = a.joining.invite(None, tmp_path / f"{folder}.hinbjudan")
    other = open_app(tmp_path / folder)
    other.joining.join(inv.path, inv.code, name)
    return other
