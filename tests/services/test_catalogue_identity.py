"""Two laptops that import the same catalogue hold identical catalogue records."""

from __future__ import annotations

from pathlib import Path

from handledare_app.services.app import open_app

CATALOGUE_ENTITIES = ("catalogue", "business_area", "module", "outcome", "criterion")


def _digests(path: Path, name: str) -> dict[str, dict[str, object]]:
    with open_app(path / name) as app:
        app.setup.set_up(f"Arbetsplats {name}", name, "Åsa Öberg", "4821")
        digests = app.summary.entity_digests()
    return {e: digests[e] for e in CATALOGUE_ENTITIES}


def test_same_catalogue_same_records_on_two_installations(tmp_path: Path) -> None:
    a = _digests(tmp_path, "a")
    b = _digests(tmp_path, "b")
    assert a == b
    assert a["module"]["count"] == 36


def test_catalogue_rows_keep_published_stamps_and_are_audited(tmp_path: Path) -> None:
    from handledare_app.storage.models import AuditRow, ModuleRow

    with open_app(tmp_path / "c") as app:
        app.setup.set_up("Verkstan", "Bärbar 1", "Åsa Öberg", "4821")
        with app.db.reader() as tx:
            module = tx.find(ModuleRow)[0]
            assert module.origin == "katalog" and module.vv == {}
            assert module.created_at.startswith("2026-11-22")
            assert tx.count(AuditRow, entity="module") == 36
        assert app.check.run() == []
