"""A laptop not yet updated can still send its work: records written by an older schema
get the defaults of the columns added since; a newer schema is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.enums import Gender
from handledare_app.services.app import App
from handledare_app.services.package import PackageError
from tests.exchange_helpers import open_second, repack, rich_participant, same_workplace, unpack


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


def _older_package(a: App, b: App, tmp_path: Path, schema: str) -> tuple[Path, str]:
    admin = next(s.id for s in a.supervisors.list() if s.is_admin)
    pid = rich_participant(a, admin, "Örjan", tmp_path)
    out = tmp_path / "ny.hpkg"
    a.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient])
    members = unpack(b, out)
    lines = []
    for line in members["records/participant.jsonl"].decode().splitlines():
        record = json.loads(line)
        record.pop("gender")  # written before schema 0003 had the column
        lines.append(json.dumps(record, ensure_ascii=False))
    members["records/participant.jsonl"] = ("\n".join(lines) + "\n").encode()
    old = repack(
        tmp_path / "gammal.hpkg",
        members,
        recipient=b.keys.age_recipient,
        sign=a.keys,
        manifest_changes={"schema_version": schema},
    )
    return old, pid


def test_an_older_schemas_records_get_the_new_columns_defaults(
    app: App, b_app: App, tmp_path: Path
) -> None:
    same_workplace(app, b_app, tmp_path)
    old, pid = _older_package(app, b_app, tmp_path, "0002")
    assert b_app.exchange.import_file(old).applied
    assert b_app.participants.get(pid).gender is Gender.NOT_STATED


def test_a_missing_column_in_a_current_package_is_still_refused(
    app: App, b_app: App, tmp_path: Path
) -> None:
    same_workplace(app, b_app, tmp_path)
    from handledare_app.storage.schema_versions import HEAD

    bad, _pid = _older_package(app, b_app, tmp_path, HEAD)
    before = b_app.summary.entity_digests()
    with pytest.raises(PackageError, match="ogiltig"):
        b_app.exchange.import_file(bad)
    assert b_app.summary.entity_digests() == before
