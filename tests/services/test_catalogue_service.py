"""Importing, versioning and exporting the criteria catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.catalogue import parse_catalogue_bytes
from handledare_app.domain.errors import NotFoundError, UserError, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.resources import example_catalogue_path
from handledare_app.services.app import App
from handledare_app.storage import backup as backups
from tests.helpers import db_summary, example_catalogue, new_participant


def _write(path: Path, raw: dict[str, Any]) -> Path:
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _module(raw: dict[str, Any], code: str) -> dict[str, Any]:
    for area in raw["business_areas"]:
        for m in area["modules"]:
            if m["code"] == code:
                result: dict[str, Any] = m
                return result
    raise KeyError(code)


def _new_version(raw: dict[str, Any], code: str) -> dict[str, Any]:
    m = _module(raw, code)
    m["version"] += 1
    m["outcomes"][0]["criteria"][0]["text"] = "Ny lydelse: tar emot varor enligt ny rutin."
    raw["version"] = "2027.1"
    return raw


def test_example_is_loaded_at_set_up(app: App) -> None:
    areas = app.catalogue.business_areas()
    assert len(areas) == 7
    assert sum(a.module_count for a in areas) == 36
    assert len(app.catalogue.catalogues()) == 1
    butik = app.catalogue.modules("butik", with_content=True)
    assert [m.code for m in butik] == ["BUT-01", "BUT-02", "BUT-03", "BUT-04", "BUT-05"]
    assert [c.number for c in butik[0].criteria][:2] == ["1.1", "1.2"]


def test_reimport_of_example_is_a_no_op(app: App) -> None:
    before = {k: v for k, v in db_summary(app).items() if k != "audit_log"}
    result = app.catalogue.import_example()
    assert result.modules_added == 0
    assert result.modules_unchanged == 36
    assert result.areas_added == 0
    after = {k: v for k, v in db_summary(app).items() if k != "audit_log"}
    assert after == before


def test_broken_file_changes_nothing(app: App, tmp_path: Path) -> None:
    raw = example_catalogue()
    del _module(raw, "BUT-01")["title"]
    _module(raw, "CAF-02")["seqf_level"] = 12
    raw["business_areas"].append({"code": "ny", "name": "Nytt", "modules": []})
    path = _write(tmp_path / "trasig.json", raw)
    modules_before = app.catalogue.modules()
    summary_before = db_summary(app)
    backups_before = backups.list_backups(app.paths.backups)

    with pytest.raises(ValidationError) as info:
        app.catalogue.import_file(path)

    assert len(info.value.details) == 3
    assert "Inget har ändrats" in info.value.message
    assert app.catalogue.modules() == modules_before
    assert db_summary(app) == summary_before
    assert backups.list_backups(app.paths.backups) == backups_before


def test_file_with_invalid_syntax_changes_nothing(app: App, tmp_path: Path) -> None:
    path = tmp_path / "trasig.json"
    path.write_text('{"format": "handledarappen-katalog",', encoding="utf-8")
    before = db_summary(app)
    with pytest.raises(ValidationError, match="inte giltig JSON"):
        app.catalogue.import_file(path)
    assert db_summary(app) == before


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_catalogue_path_is_a_user_error(app: App, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "katalog.json"
    if kind == "directory":
        path.mkdir()
    before = db_summary(app)
    with pytest.raises(UserError, match="Katalogfilen"):
        app.catalogue.import_file(path)
    assert db_summary(app) == before


def test_same_version_with_changed_content_is_refused(app: App, tmp_path: Path) -> None:
    raw = example_catalogue()
    _module(raw, "BUT-01")["outcomes"][0]["criteria"][0]["text"] = "Ändrad utan ny version."
    _module(raw, "KOK-02")["points"] = 4.5
    before = db_summary(app)
    with pytest.raises(ValidationError) as info:
        app.catalogue.import_file(_write(tmp_path / "k.json", raw))
    assert len(info.value.details) == 2
    assert info.value.details[0].startswith("Modul BUT-01: version 1 finns redan")
    assert "nytt versionsnummer" in info.value.details[0]
    assert "KOK-02" in info.value.details[1]
    assert db_summary(app) == before


def test_new_module_version_is_added_beside_the_old(app: App, tmp_path: Path) -> None:
    raw = _new_version(example_catalogue(), "BUT-01")
    result = app.catalogue.import_file(_write(tmp_path / "v2.json", raw))
    assert (result.modules_added, result.modules_unchanged) == (1, 35)
    assert result.catalogue.version == "2027.1"
    newest = app.catalogue.newest_version("BUT-01")
    assert newest.version == 2
    assert newest.criteria[0].text.startswith("Ny lydelse")
    every = [m for m in app.catalogue.modules(newest_only=False) if m.code == "BUT-01"]
    assert [m.version for m in every] == [1, 2]
    assert len(app.catalogue.modules()) == 36
    assert len(app.catalogue.catalogues()) == 2


def test_new_version_never_changes_an_existing_enrollment(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    old_enrollment = app.journey.enroll(admin_id, participant.id, "BUT-01")
    old_module = app.assessment.enrollment(old_enrollment).module
    app.catalogue.import_file(
        _write(tmp_path / "v2.json", _new_version(example_catalogue(), "BUT-01"))
    )

    kept = app.assessment.enrollment(old_enrollment).module
    assert kept.id == old_module.id
    assert kept.version == 1
    assert not kept.criteria[0].text.startswith("Ny lydelse")

    other = new_participant(app, admin_id, "Sven")
    new_enrollment = app.journey.enroll(admin_id, other.id, "BUT-01")
    fresh = app.assessment.enrollment(new_enrollment).module
    assert fresh.version == 2
    assert fresh.id != old_module.id
    assert fresh.criteria[0].text.startswith("Ny lydelse")


def test_export_then_reimport_round_trips(app: App, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert app.catalogue.export_file(out) == 36
    exported = parse_catalogue_bytes(out.read_bytes())
    example = parse_catalogue_bytes(example_catalogue_path().read_bytes())
    assert {m.content_hash() for _a, m in exported.modules} == {
        m.content_hash() for _a, m in example.modules
    }
    assert {(a.code, a.name) for a in exported.business_areas} == {
        (a.code, a.name) for a in example.business_areas
    }
    before = {k: v for k, v in db_summary(app).items() if k != "audit_log"}
    result = app.catalogue.import_file(out)
    assert result.modules_added == 0
    assert {k: v for k, v in db_summary(app).items() if k != "audit_log"} == before
    again = tmp_path / "export2.json"
    app.catalogue.export_file(again)
    assert again.read_bytes() == out.read_bytes()


def test_export_after_new_version_carries_the_newest(app: App, tmp_path: Path) -> None:
    app.catalogue.import_file(
        _write(tmp_path / "v2.json", _new_version(example_catalogue(), "BUT-01"))
    )
    out = tmp_path / "export.json"
    app.catalogue.export_file(out)
    spec = parse_catalogue_bytes(out.read_bytes())
    versions = {m.code: m.version for _a, m in spec.modules}
    assert versions["BUT-01"] == 2
    assert spec.version == "2027.1"


def test_export_to_unwritable_path_is_a_user_error(app: App, tmp_path: Path) -> None:
    blocker = tmp_path / "usb"
    blocker.write_bytes(b"x")
    with pytest.raises(UserError, match="Det gick inte att skriva katalogfilen"):
        app.catalogue.export_file(blocker / "katalog.json")
    with pytest.raises(UserError, match="Det gick inte att skriva"):
        app.catalogue.export_file(tmp_path / "finns-inte" / "katalog.json")
    assert blocker.read_bytes() == b"x"


def test_export_of_an_empty_catalogue_is_a_user_error(empty_app: App, tmp_path: Path) -> None:
    empty_app.setup.set_up("Framsteg", "Laptop", "Åsa", "4821", load_example_catalogue=False)
    with pytest.raises(UserError, match="tom"):
        empty_app.catalogue.export_file(tmp_path / "k.json")
    assert not (tmp_path / "k.json").exists()


def test_import_takes_a_backup_first(app: App, tmp_path: Path) -> None:
    app.catalogue.import_file(
        _write(tmp_path / "v2.json", _new_version(example_catalogue(), "BUT-01"))
    )
    reasons = [b.reason for b in backups.list_backups(app.paths.backups)]
    assert reasons[0] == "fore-katalogimport"


def test_unknown_area_and_module_are_not_found(app: App) -> None:
    with pytest.raises(NotFoundError, match="finns inte"):
        app.catalogue.modules("bageri")
    with pytest.raises(NotFoundError, match="XYZ-99"):
        app.catalogue.newest_version("XYZ-99")
    with pytest.raises(NotFoundError):
        app.catalogue.module("0" * 36)
