"""Issue 12 item 5: newer manifest schema, Swedish names, broken pipe, accepted keys."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.domain.errors import UserError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from handledare_app.services.exchange_schema import entity_label
from handledare_app.storage.exchange_rows import MODELS_BY_ENTITY
from tests.exchange_helpers import open_second, repack, unpack
from tests.helpers import db_summary
from tests.signing_helpers import ready_module, sign


def _package(a: App, b: App, out: Path) -> Path:
    a.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient])
    return out


def test_newer_manifest_schema_is_refused(app: App, tmp_path: Path) -> None:
    b = open_second(tmp_path / "b")
    try:
        good = _package(app, b, tmp_path / "p.hpkg")
        forged = repack(
            tmp_path / "ny.hpkg",
            unpack(b, good),
            recipient=b.keys.age_recipient,
            sign=app.keys,
            manifest_changes={"schema_version": "9999"},
        )
        before = db_summary(b)
        with pytest.raises(UserError, match=r"nyare version av Handledarappen.*9999"):
            b.exchange.import_file(forged, trust_fingerprint=app.keys.fingerprint)
        assert db_summary(b) == before
    finally:
        b.close()


def test_unknown_signer_message_is_good_swedish(app: App, tmp_path: Path) -> None:
    b = open_second(tmp_path / "b")
    try:
        with pytest.raises(UserError, match="Paketet är signerat av en okänd avsändare"):
            b.exchange.import_file(_package(app, b, tmp_path / "p.hpkg"))
    finally:
        b.close()


def test_every_entity_has_a_swedish_name() -> None:
    for entity in MODELS_BY_ENTITY:
        label = entity_label(entity)
        assert label != entity and "_" not in label, entity


def test_closed_pipe_is_quiet(
    app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    data_dir = app.paths.root
    app.close()
    monkeypatch.setattr("sys.stdout", Closed())
    assert main(["--data-dir", str(data_dir), "summary", "--json"]) == 70
    assert capsys.readouterr().err == ""


def test_key_accepted_by_fingerprint_verifies_that_installations_certificates(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    sign(app, admin_id, ready_module(app, admin_id, participant.id))
    cert = app.certificates.issue(admin_id, participant.id)
    b = open_second(tmp_path / "b")
    try:
        path = _package(app, b, tmp_path / "p.hpkg")
        assert b.certificates.verify(cert.code).verdict is Verdict.UNKNOWN  # not here yet
        assert b.exchange.import_file(path, trust_fingerprint=app.keys.fingerprint).applied
        assert b.certificates.verify(cert.code).verdict is Verdict.VALID
    finally:
        b.close()
