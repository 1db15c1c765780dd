"""The admin's --trust-fingerprint decision is saved in the import's own transaction:
the data and the decision are kept together or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handledare_app.services.app import App
from handledare_app.services.trust import TrustService
from tests.exchange_helpers import digests, open_second, rich_participant


@pytest.fixture
def package(app: App, admin_id: str, tmp_path: Path) -> Iterator[tuple[App, Path]]:
    b = open_second(tmp_path / "b")
    rich_participant(app, admin_id, "Åke", tmp_path)
    out = tmp_path / "p.hpkg"
    app.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient])
    yield b, out
    b.close()


def test_decision_and_data_are_committed_together(app: App, package: tuple[App, Path]) -> None:
    b, out = package
    signer = app.keys.signing_public_hex
    assert b.exchange.trust.signer_status(signer) == "unknown"
    assert b.exchange.import_file(out, trust_fingerprint=app.keys.fingerprint).applied
    assert b.exchange.trust.signer_status(signer) == "trusted"
    assert len(b.participants.list()) == 1


def test_a_failure_while_saving_the_decision_keeps_neither(
    app: App, package: tuple[App, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, out = package
    before = digests(b)
    real = TrustService.accept_signer

    def failing(self: TrustService, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        raise OSError("simulerat avbrott")

    monkeypatch.setattr(TrustService, "accept_signer", failing)
    with pytest.raises(OSError):
        b.exchange.import_file(out, trust_fingerprint=app.keys.fingerprint)
    assert b.exchange.trust.signer_status(app.keys.signing_public_hex) == "unknown"
    assert digests(b) == before
    assert b.participants.list() == []
