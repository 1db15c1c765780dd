"""The installation's own keys: created once, kept, published, damage reported."""

from __future__ import annotations

import os
import sys

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services import crypto
from handledare_app.services.keys import AGE_FILE, SIGNING_FILE, load_or_create


def test_keys_are_created_once_and_kept(tmp_path):
    first = load_or_create(tmp_path / "keys")
    second = load_or_create(tmp_path / "keys")
    assert first == second
    assert crypto.verify(first.signing_public, b"x", first.sign(b"x"))
    assert first.age_recipient.startswith("age1")
    if sys.platform != "win32":
        assert os.stat(tmp_path / "keys" / SIGNING_FILE).st_mode & 0o077 == 0


@pytest.mark.parametrize("name", [SIGNING_FILE, AGE_FILE])
def test_damaged_key_is_reported_not_replaced(tmp_path, name):
    load_or_create(tmp_path / "keys")
    (tmp_path / "keys" / name).write_bytes(b"\xff garbage")
    with pytest.raises(UserError, match="skadad"):
        load_or_create(tmp_path / "keys")
    assert (tmp_path / "keys" / name).read_bytes() == b"\xff garbage"


def test_set_up_publishes_public_keys(app):
    from handledare_app.storage.models import InstallationRow

    with app.db.reader() as tx:
        inst = tx.get(InstallationRow, app.db.installation_id)
        assert inst is not None
        assert inst.signing_public_key == app.keys.signing_public_hex
        assert inst.age_recipient == app.keys.age_recipient
