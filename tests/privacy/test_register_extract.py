"""Registerutdrag (issue 15): every table's rows about the participant, files, PDF."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from handledare_app.services.app import App
from tests.helpers import new_participant
from tests.privacy.erasure_helpers import full_person


def _referencing_rows(db: Path, found: dict[str, set[str]]) -> dict[str, set[str]]:
    """From the database itself: every table with a column `participant_id`, or a foreign
    key to a table whose rows are about the participant, and its rows that point there."""
    con = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith(("sqlite_", "alembic"))
        ]
        expected: dict[str, set[str]] = {k: set(v) for k, v in found.items()}
        changed = True
        while changed:
            changed = False
            for table in tables:
                links = [
                    (fk[3], fk[2]) for fk in con.execute(f'PRAGMA foreign_key_list("{table}")')
                ]
                cols = [c[1] for c in con.execute(f'PRAGMA table_info("{table}")')]
                if "participant_id" in cols:
                    links.append(("participant_id", "participant"))
                key = "id" if "id" in cols else cols[0]
                for column, target in links:
                    if target in ("workplace", "supervisor", "module", "criterion", "installation"):
                        continue
                    for parent in expected.get(target, set()):
                        for (rid,) in con.execute(
                            f'SELECT "{key}" FROM "{table}" WHERE "{column}" = ?', (parent,)
                        ):
                            if str(rid) not in expected.setdefault(table, set()):
                                expected[table].add(str(rid))
                                changed = True
        return expected
    finally:
        con.close()


def test_extract_covers_every_table_about_the_participant(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    import datetime as dt

    person = full_person(app, admin_id, tmp_path)
    other = new_participant(app, admin_id, "Annan")
    gone = app.journey.add_follow_up(
        admin_id, person.id, date=dt.date(2026, 10, 9), attendees="Bo", notes="Struken text"
    )
    app.journey.delete_follow_up(admin_id, gone.id)
    data = app.register_extract.data(person.id)
    assert "Struken text" in json.dumps(data["audit"], ensure_ascii=False)
    got = {entity: {r["id"] for r in rows} for entity, rows in data["tables"].items()}
    expected = _referencing_rows(app.paths.db, {"participant": {person.id}})
    missing = {t: ids - got.get(t, set()) for t, ids in expected.items() if ids - got.get(t, set())}
    assert missing == {}, f"tables not covered by the register extract: {sorted(missing)}"
    for entity in ("placement", "evidence", "attachment", "follow_up", "signoff", "certificate"):
        assert got.get(entity), entity
    assert other.id not in json.dumps(data)
    assert data["audit"] and all(e["record_id"] for e in data["audit"])


def test_extract_files_written_without_name_in_file_names(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    person = full_person(app, admin_id, tmp_path)
    out = tmp_path / "ut"
    result = app.register_extract.write(admin_id, person.id, out)
    assert result.files == 2  # the photo and the drawn signature
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert data["tables"]["participant"][0]["first_name"] == person.first
    assert any("Zebrakassan" in e["description"] for e in data["tables"]["evidence"])
    photo = next(f for f in data["files"] if f["media_type"] == "image/png")
    assert (result.json_path.parent / photo["fil"]).read_bytes() == person.photo
    assert result.pdf_path.read_bytes().startswith(b"%PDF")
    names = [p.name for p in out.rglob("*")]
    assert not any(person.first in n or person.last in n for n in names)


def test_the_pdf_names_each_judged_criterion(app: App, admin_id: str, tmp_path: Path) -> None:
    """A judgement in the extract says which criterion it was about, in words."""
    from handledare_app.storage.models import CriterionRow
    from tests.signing_helpers import ready_module

    person = new_participant(app, admin_id, "Kriteria")
    ready_module(app, admin_id, person.id)
    data = app.register_extract.data(person.id)
    judged = {r["criterion_id"] for r in data["tables"]["assessment"]}
    with app.db.reader() as tx:
        texts = {
            c.id: f"{c.number} {c.text}" for c in tx.find_in(CriterionRow, "id", sorted(judged))
        }
    assert judged and all(data["criteria"][cid] == t for cid, t in texts.items())
    files = app.register_extract.write(admin_id, person.id, tmp_path)
    text = subprocess.run(
        ["pdftotext", str(files.json_path.parent / "registerutdrag.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first = next(iter(texts.values()))
    assert f"Kriterium: {first.split()[0]}" in text


def test_two_participants_get_two_folders(app: App, admin_id: str, tmp_path: Path) -> None:
    """Ids made in the same minute share their start (UUIDv7 time): each participant's
    extract must still get its own folder, never a mix of two people's files."""
    first = new_participant(app, admin_id, "Ett")
    second = new_participant(app, admin_id, "Tva")
    a = app.register_extract.write(admin_id, first.id, tmp_path)
    b = app.register_extract.write(admin_id, second.id, tmp_path)
    assert a.json_path.parent != b.json_path.parent
    data = json.loads(a.json_path.read_text(encoding="utf-8"))
    assert data["participant_id"] == first.id


def test_the_pdf_shows_codes_and_files_as_the_participant_knows_them(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    """The certificate code as printed on the certificate (with its dash), each signature
    file named in Swedish and where in the folder it lies (no media types)."""
    from handledare_app.domain.codes import format_code

    person = full_person(app, admin_id, tmp_path)
    files = app.register_extract.write(admin_id, person.id, tmp_path / "ut")
    data = json.loads(files.json_path.read_text(encoding="utf-8"))
    code = data["tables"]["certificate"][0]["code"]
    text = subprocess.run(
        ["pdftotext", str(files.pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Kod: {format_code(code)}" in text
    signature = next(f for f in data["files"] if f["filename"].startswith("signatur-"))
    assert signature["filename"] == "signatur-deltagare.json"
    assert f"signatur-deltagare.json (sparad som {signature['fil']})" in text
    assert "application/" not in text and "image/" not in text and "supervisor" not in text
