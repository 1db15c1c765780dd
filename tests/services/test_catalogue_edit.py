"""Editing the criteria catalogue in the app: versions, validation, permissions, audit."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from handledare_app.domain.catalogue import ModuleDraft, OutcomeDraft
from handledare_app.domain.enums import Role
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage.models import AuditRow, ModuleRow
from tests.helpers import db_summary, example_catalogue, new_participant


def _draft(app: App, code: str) -> ModuleDraft:
    from handledare_app.services.catalogue import module_spec

    return ModuleDraft.from_spec(module_spec(app.catalogue.newest_version(code)))


def _edited(draft: ModuleDraft) -> ModuleDraft:
    first = draft.outcomes[0]
    changed = OutcomeDraft(
        first.text, ("Ny lydelse: tar emot varor enligt ny rutin.", *first.criteria[1:])
    )
    return replace(
        draft, title="Ta emot och sortera varor", outcomes=(changed, *draft.outcomes[1:])
    )


def _enrollment_module(app: App, participant_id: str, code: str) -> tuple[str, int]:
    for p in app.assessment.participant_progress(participant_id):
        if p.module.code == code:
            return p.module.id, p.module.version
    raise KeyError(code)


def test_editing_a_module_in_use_creates_a_new_version(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.journey.enroll(admin_id, participant.id, "BUT-01")
    old = app.catalogue.newest_version("BUT-01")
    assert app.catalogue_edit.usage(old.id) == 1

    result = app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "BUT-01")))

    assert result.new_version and result.changed
    assert result.module.version == old.version + 1
    assert result.module.id != old.id
    assert result.module.title == "Ta emot och sortera varor"
    assert result.module.criteria[0].text.startswith("Ny lydelse")
    # the old version is untouched and the participant keeps it
    assert app.catalogue.module(old.id) == old
    assert _enrollment_module(app, participant.id, "BUT-01") == (old.id, old.version)
    # a new work plan gets the newest version
    other = new_participant(app, admin_id, "Bengt")
    app.journey.enroll(admin_id, other.id, "BUT-01")
    assert _enrollment_module(app, other.id, "BUT-01") == (result.module.id, old.version + 1)
    # the browser shows the newest; every check still passes (hashes match content)
    assert [m.version for m in app.catalogue.modules("butik") if m.code == "BUT-01"] == [2]
    assert [(m.version, n) for m, n in app.catalogue_edit.module_versions("BUT-01")] == [
        (1, 1),
        (2, 1),
    ]
    assert app.check.run() == []


def test_local_ids_never_look_like_catalogue_ids(app: App, admin_id: str) -> None:
    old = app.catalogue.newest_version("BUT-02")
    new = app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "BUT-02"))).module
    for id_ in [new.id, *(o.id for o in new.outcomes), *(c.id for c in new.criteria)]:
        assert uuid.UUID(id_).version == 7  # imported rows are version 5 (content-derived)
    with app.db.reader() as tx:
        row = tx.get(ModuleRow, new.id)
        assert row is not None and row.origin == app.db.installation_id


def test_published_version_is_never_changed_even_when_unused(app: App, admin_id: str) -> None:
    old = app.catalogue.newest_version("CAF-01")
    assert app.catalogue_edit.usage(old.id) == 0
    result = app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "CAF-01")))
    assert result.new_version
    assert app.catalogue.module(old.id) == old


def test_unused_local_draft_changes_in_place_until_used(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    v1 = app.catalogue.newest_version("BUT-03")
    v2 = app.catalogue_edit.save_module(admin_id, v1.id, _edited(_draft(app, "BUT-03"))).module
    assert app.catalogue_edit.is_local_draft(v2.id)

    draft = _draft(app, "BUT-03")
    more = replace(
        draft,
        outcomes=(
            *draft.outcomes,
            OutcomeDraft("Deltagaren kan prissätta.", ("Sätter pris.", "Märker varan.")),
        ),
    )
    again = app.catalogue_edit.save_module(admin_id, v2.id, more)
    assert not again.new_version and again.changed
    assert again.module.id == v2.id and again.module.version == 2
    assert [c.number for c in again.module.criteria][-2:] == [
        f"{len(more.outcomes)}.1",
        f"{len(more.outcomes)}.2",
    ]

    app.journey.enroll(admin_id, participant.id, "BUT-03")  # now in use
    assert not app.catalogue_edit.is_local_draft(v2.id)
    third = app.catalogue_edit.save_module(admin_id, v2.id, replace(more, title="Tredje"))
    assert third.new_version and third.module.version == 3
    assert app.check.run() == []


def test_reordering_and_removing_criteria(app: App, admin_id: str) -> None:
    draft = _draft(app, "STA-01")
    first = draft.outcomes[0]
    assert len(first.criteria) >= 2
    reordered = OutcomeDraft(first.text, tuple(reversed(first.criteria))[:-1] or first.criteria[:1])
    swapped = replace(draft, outcomes=(*draft.outcomes[1:], reordered))
    module = app.catalogue_edit.save_module(
        admin_id, app.catalogue.newest_version("STA-01").id, swapped
    ).module
    assert module.outcomes[-1].text == first.text
    assert [c.text for c in module.outcomes[-1].criteria] == list(reordered.criteria)
    assert module.outcomes[0].number == 1
    assert module.outcomes[-1].criteria[0].number == f"{len(module.outcomes)}.1"


def test_unchanged_save_does_nothing(app: App, admin_id: str) -> None:
    before = db_summary(app)
    old = app.catalogue.newest_version("BUT-01")
    result = app.catalogue_edit.save_module(admin_id, old.id, _draft(app, "BUT-01"))
    assert not result.changed and not result.new_version and result.module == old
    assert db_summary(app) == before


def test_validation_lists_every_error_with_its_place_and_changes_nothing(
    app: App, admin_id: str
) -> None:
    draft = _draft(app, "BUT-01")
    bad = replace(
        draft,
        title=" ",
        seqf_level=9,
        points=0.25,
        outcomes=(OutcomeDraft("", ("", "ok")), *([OutcomeDraft("x", ("y",))] * 10)),
    )
    before = db_summary(app)
    with pytest.raises(ValidationError) as info:
        app.catalogue_edit.save_module(admin_id, app.catalogue.newest_version("BUT-01").id, bad)
    details = info.value.details
    assert "Inget har ändrats" in info.value.message
    assert any(d.startswith("Modul BUT-01: fältet ”Titel” är tomt") for d in details)
    assert any("”SeQF-nivå” är 9" in d for d in details)
    assert any("”Poäng” får ha högst en decimal" in d for d in details)
    assert any(
        d.startswith("Modul BUT-01, läranderesultat 1: fältet ”Text” är tomt") for d in details
    )
    assert any(d.startswith("Modul BUT-01, kriterium 1.1: fältet ”Text” är tomt") for d in details)
    assert any("fler än 10 läranderesultat" in d for d in details)
    assert not any("”title”" in d or "”points”" in d for d in details)
    assert db_summary(app) == before


def test_newer_version_must_be_edited_instead(app: App, admin_id: str) -> None:
    old = app.catalogue.newest_version("BUT-01")
    app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "BUT-01")))
    with pytest.raises(ValidationError, match="nyare version"):
        app.catalogue_edit.save_module(admin_id, old.id, _draft(app, "BUT-01"))


def test_add_business_area_and_module(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    area = app.catalogue_edit.add_business_area(
        admin_id, "snickeri", "Snickeri", "Trä och verktyg."
    )
    assert area.code == "snickeri" and area.module_count == 0
    assert "snickeri" in [a.code for a in app.catalogue.business_areas()]
    draft = ModuleDraft(
        "Använda handverktyg säkert",
        "",
        2,
        1,
        1.5,
        (OutcomeDraft("Deltagaren kan välja rätt verktyg.", ("Väljer såg efter material.",)),),
    )
    module = app.catalogue_edit.add_module(admin_id, "snickeri", "SNI-01", draft)
    assert (module.code, module.version, module.business_area_code) == ("SNI-01", 1, "snickeri")
    assert [m.code for m in app.catalogue.modules("snickeri")] == ["SNI-01"]
    app.journey.enroll(admin_id, participant.id, "SNI-01")
    assert app.check.run() == []

    with pytest.raises(ValidationError, match="finns redan"):
        app.catalogue_edit.add_module(admin_id, "snickeri", "SNI-01", draft)
    with pytest.raises(ValidationError, match="finns redan"):
        app.catalogue_edit.add_module(admin_id, "snickeri", "BUT-01", draft)
    with pytest.raises(ValidationError) as info:
        app.catalogue_edit.add_module(admin_id, "snickeri", "sni 2", draft)
    assert any("A–Z" in d for d in info.value.details)
    with pytest.raises(ValidationError, match="finns redan"):
        app.catalogue_edit.add_business_area(admin_id, "snickeri", "Annat")
    with pytest.raises(ValidationError, match="finns redan"):
        app.catalogue_edit.add_business_area(admin_id, "snick2", "snickeri")
    with pytest.raises(ValidationError) as info:
        app.catalogue_edit.add_business_area(admin_id, "Café!", "")
    assert len(info.value.details) == 2


def test_new_module_without_any_catalogue_gets_a_local_one(empty_app: App) -> None:
    empty_app.setup.set_up(
        "Arbetsplats", "Dator", "Åsa Öberg", "4821", load_example_catalogue=False
    )
    admin_id = empty_app.supervisors.list()[0].id
    empty_app.catalogue_edit.add_business_area(admin_id, "kok", "Kök")
    draft = ModuleDraft(
        "Diska", "", 1, None, 1, (OutcomeDraft("Deltagaren kan diska.", ("Diskar.",)),)
    )
    empty_app.catalogue_edit.add_module(admin_id, "kok", "KOK-01", draft)
    assert [c.name for c in empty_app.catalogue.catalogues()] == ["Lokal kriteriebank"]
    assert empty_app.check.run() == []


def test_only_admins_edit(app: App, admin_id: str) -> None:
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "7391", {Role.SUPERVISOR})
    old = app.catalogue.newest_version("BUT-01")
    before = db_summary(app)
    for actor in (sup.id, None):
        with pytest.raises(PermissionDenied):
            app.catalogue_edit.save_module(actor, old.id, _edited(_draft(app, "BUT-01")))
        with pytest.raises(PermissionDenied):
            app.catalogue_edit.add_business_area(actor, "snickeri", "Snickeri")
        with pytest.raises(PermissionDenied):
            app.catalogue_edit.add_module(actor, "butik", "BUT-99", _draft(app, "BUT-01"))
        with pytest.raises(PermissionDenied):
            app.catalogue_edit.import_file(actor, Path("finns-inte.json"))
        with pytest.raises(PermissionDenied):
            app.catalogue_edit.export_file(actor, Path("ut.json"))
    assert db_summary(app) == before


def test_edits_are_audited_with_the_admin(app: App, admin_id: str) -> None:
    old = app.catalogue.newest_version("BUT-01")
    new = app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "BUT-01"))).module
    with app.db.reader() as tx:
        entries = tx.find(AuditRow, record_id=new.id)
        assert [(e.action, e.entity, e.actor_id) for e in entries] == [
            ("create", "module", admin_id)
        ]
        assert entries[0].after is not None and entries[0].after["version"] == 2
        ids = {c.id for c in new.criteria}
        criteria = [e for e in tx.find(AuditRow, entity="criterion") if e.record_id in ids]
        assert {e.actor_id for e in criteria} == {admin_id}
        assert len(criteria) == len(ids)


def test_export_includes_local_version_and_another_laptop_imports_it(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    old = app.catalogue.newest_version("BUT-01")
    app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "BUT-01")))
    out = tmp_path / "katalog.json"
    assert app.catalogue_edit.export_file(admin_id, out) == 36
    raw = json.loads(out.read_text(encoding="utf-8"))
    but01 = [m for a in raw["business_areas"] for m in a["modules"] if m["code"] == "BUT-01"]
    assert but01[0]["version"] == 2
    # importing our own export again is a no-op (same content hash)
    assert app.catalogue_edit.import_file(admin_id, out).modules_added == 0


def test_import_of_a_file_whose_version_collides_with_a_local_edit_is_refused(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    old = app.catalogue.newest_version("BUT-01")
    app.catalogue_edit.save_module(admin_id, old.id, _edited(_draft(app, "BUT-01")))
    raw = example_catalogue()
    module = raw["business_areas"][0]["modules"][0]
    assert module["code"] == "BUT-01"
    module["version"] = 2
    module["title"] = "Coompanions nya lydelse"
    path = tmp_path / "ny.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    before = db_summary(app)
    with pytest.raises(ValidationError) as info:
        app.catalogue_edit.import_file(admin_id, path)
    assert "ändring gjord i appen" in info.value.details[0]
    assert db_summary(app) == before
