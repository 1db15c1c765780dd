"""Coompanion's collection as a confused coordinator meets it (FOLLOWUP.md §6): two
computers of one company, reports written before their period ended or for another
period, and a folder of many files of which some are not reports."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.domain.followup import parse_period
from handledare_app.services.app import open_app
from handledare_app.services.collection import CollectionService
from handledare_app.services.report import ReportService
from tests.exchange_helpers import unpack
from tests.helpers import db_summary
from tests.report_helpers import admin, company, coordinator, join_network, placements
from tests.sync_helpers import fast_seal

H1 = parse_period("2026H1")


@pytest.fixture
def network(tmp_path: Path):  # type: ignore[no-untyped-def]
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Alfa Återbruk")
    b = company(tmp_path / "b", "Beta Café")
    join_network(coord, [a, b], tmp_path / "net")
    yield coord, a, b
    for x in (a, b, coord):
        x.close()


def test_two_computers_of_one_company_count_once_and_the_message_names_the_other(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    coord, a, _b = network
    placements(a, H1)
    fast_seal(monkeypatch)
    invitation = a.joining.invite(None, tmp_path / "x.hinbjudan")
    a2 = open_app(tmp_path / "a2")
    try:
        a2.joining.join(tmp_path / "x.hinbjudan", invitation.code, "Lagerdatorn")
        hello = tmp_path / "hej.hpkg"
        a2.exchange.export(hello, profile="exchange", recipients=[coord.keys.age_recipient])
        coord.exchange.import_file(hello, trust_fingerprint=a2.keys.fingerprint)
        net = tmp_path / "natverk2.json"
        coord.exchange.trust.export_network(net)
        coord.exchange.trust.import_network(None, net)
        first, second = tmp_path / "kontoret.hpkg", tmp_path / "lagret.hpkg"
        ReportService(a).write(None, H1, "Coompanions dator", first)
        ReportService(a2).write(None, H1, "Coompanions dator", second)
    finally:
        a2.close()
    # The same participants under the same pseudonyms from either computer (the joining
    # laptop took the company's pseudonym key), and never the ids or names.
    people = [unpack(coord, f)["records/participant.jsonl"] for f in (first, second)]
    assert people[0] == people[1] and people[0].count(b"\n") == 2  # not the felregistrering
    collection = CollectionService(coord)
    assert collection.read_file(first).status == "new"
    outcome = collection.read_file(second)
    assert outcome.status == "replaced"
    assert "på en annan dator, ”Kontoret Alfa Återbruk”" in outcome.message
    assert "synkat" in outcome.message
    view = collection.county(H1)
    assert [(c.name, c.reported) for c in view.companies if c.reported] == [("Alfa Återbruk", True)]
    assert view.total is not None
    assert view.total.active.total == a.statistics.figures(H1).active.total  # once, not twice
    with pytest.raises(UserError, match=r"annan dator, ”Lagerdatorn”.*Inget har ändrats"):
        collection.read_file(first)


def test_a_report_before_its_period_ended_or_for_another_period_says_so(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    coord, a, _b = network
    placements(a, H1)
    collection = CollectionService(coord)
    ended = tmp_path / "h1.hpkg"
    ReportService(a).write(None, H1, "Coompanions dator", ended)
    assert collection.read_file(ended).message == "Alfa Återbruk, 2026H1: inläst."
    # Written today: a half-year ending next year has not ended.
    year = dt.date.today().year + 1
    early = tmp_path / "early.hpkg"
    ReportService(a).write(None, parse_period(f"{year}H1"), "Coompanions dator", early)
    message = collection.read_file(early).message
    assert f"innan perioden slutade ({year}-06-30)" in message
    quarter = tmp_path / "q1.hpkg"
    ReportService(a).write(
        None, parse_period("2026-01-01--2026-03-31"), "Coompanions dator", quarter
    )
    assert "är inget halvår" in collection.read_file(quarter).message
    # The quarter does not make the company count as reported for the half-year twice.
    assert collection.county(H1).reporting == 1


def test_a_folder_of_forty_files_of_which_three_are_not_reports(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    coord, a, b = network
    placements(a, H1)
    placements(b, H1)
    folder = tmp_path / "inkorg"
    folder.mkdir()
    ra, rb = folder / "alfa.hpkg", folder / "beta.hpkg"
    ReportService(a).write(None, H1, "Coompanions dator", ra)
    ReportService(b).write(None, H1, "Coompanions dator", rb)
    for i in range(35):  # the same two reports saved again under other names
        shutil.copy(ra if i % 2 else rb, folder / f"kopia-{i:02}.hpkg")
    (folder / "trasig.hpkg").write_bytes(ra.read_bytes()[:2000])
    (folder / "tom.hpkg").write_bytes(b"")
    shutil.copy(a.paths.db, folder / "databas.hpkg")
    assert len(list(folder.iterdir())) == 40
    result = CollectionService(coord).read_folder(folder)
    statuses = [o.status for o in result.outcomes]
    assert len(statuses) == 40
    assert statuses.count("new") == 2 and statuses.count("unchanged") == 35
    refused = {o.name: o.message for o in result.outcomes if o.status == "refused"}
    assert set(refused) == {"trasig.hpkg", "tom.hpkg", "databas.hpkg"}
    assert all(m.endswith("Inget har ändrats.") for m in refused.values())
    view = CollectionService(coord).county(H1)
    assert view.reporting == 2 and view.total is not None
    assert view.total.active.total == (
        a.statistics.figures(H1).active.total + b.statistics.figures(H1).active.total
    )
    # Reading the folder again changes nothing.
    before = db_summary(coord)
    again = CollectionService(coord).read_folder(folder)
    assert [o.status for o in again.outcomes].count("unchanged") == 37
    assert db_summary(coord) == before


def test_the_suggested_report_name_tells_companies_apart_and_names_no_person(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    _coord, a, b = network
    names = {ReportService(x).default_file_name(H1) for x in (a, b)}
    assert names == {"uppfoljning-2026H1-alfa-aterbruk.hpkg", "uppfoljning-2026H1-beta-cafe.hpkg"}
    with pytest.raises(UserError, match=r"uppfoljning-2026H1-alfa-aterbruk\.hpkg"):
        ReportService(a).write(None, H1, "Coompanions dator", tmp_path)


def test_an_export_with_the_report_profile_is_not_called_an_exchange_package(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    coord, a, _b = network
    placements(a, H1)
    out = tmp_path / "export-report.hpkg"
    a.exchange.export(out, profile="report", recipients=["Coompanions dator"])
    before = db_summary(coord)
    with pytest.raises(UserError) as err:
        CollectionService(coord).read_file(out)
    assert "utbytespaket" not in str(err.value)
    assert "Skicka uppföljning till Coompanion" in str(err.value)
    assert db_summary(coord) == before


def test_two_companies_of_one_name_both_count_per_company(tmp_path: Path) -> None:
    coord = coordinator(tmp_path / "c")
    x = company(tmp_path / "x", "Returen")
    y = company(tmp_path / "y", "Returen")
    try:
        x.setup.update_workplace(admin(x), municipality="2180")  # Gävle
        y.setup.update_workplace(admin(y), municipality="2184")  # Hudiksvall
        join_network(coord, [x, y], tmp_path / "net")
        placements(x, H1)
        placements(y, H1)
        folder = tmp_path / "in"
        folder.mkdir()
        for app in (x, y):
            ReportService(app).write(
                None, H1, "Coompanions dator", folder / f"{app.db.installation_id}.hpkg"
            )
        read = CollectionService(coord).read_folder(folder)
        assert [o.status for o in read.outcomes] == ["new", "new"]
        view = CollectionService(coord).county(H1)
        assert sorted(view.per_company) == ["Returen (Gävle)", "Returen (Hudiksvall)"]
        assert view.total is not None
        assert view.total.active.total == sum(f.active.total for f in view.per_company.values())
    finally:
        for app in (x, y, coord):
            app.close()


def test_a_report_from_a_revoked_computer_says_what_to_do(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    coord, a, _b = network
    placements(a, H1)
    out = tmp_path / "alfa.hpkg"
    ReportService(a).write(None, H1, "Coompanions dator", out)
    net = tmp_path / "spärr.json"
    coord.exchange.trust.export_network(net, revoke=[a.keys.signing_public_hex])
    coord.exchange.trust.import_network(None, net)
    before = db_summary(coord)
    with pytest.raises(UserError, match="spärrad i nätverksfilen") as err:
        CollectionService(coord).read_file(out)
    assert "andra datorer" in str(err.value) and str(err.value).endswith("Inget har ändrats.")
    assert db_summary(coord) == before
    assert [c.reported for c in CollectionService(coord).companies(H1)] == [False, False]


def test_a_report_cannot_be_sent_to_another_companys_computer(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    _coord, _a, b = network
    placements(b, H1)
    out = tmp_path / "beta.hpkg"
    with pytest.raises(UserError, match=r"bara till Coompanion.*hos Alfa Återbruk"):
        ReportService(b).write(None, H1, "Kontoret Alfa Återbruk", out)
    with pytest.raises(UserError, match="bara till Coompanion"):
        ReportService(b).write(None, H1, "Kontoret Beta Café", out)  # nor to itself alone
    assert not out.exists()
    ReportService(b).write(None, H1, "Coompanions dator", out)
    assert out.exists()


def test_reading_the_same_inbox_again_refuses_nothing(
    network,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    coord, a, _b = network
    placements(a, H1)
    folder = tmp_path / "inkorg"
    folder.mkdir()
    ReportService(a).write(None, H1, "Coompanions dator", folder / "forsta.hpkg")
    ReportService(a).write(None, H1, "Coompanions dator", folder / "rattad.hpkg")
    collection = CollectionService(coord)
    first = collection.read_folder(folder)
    assert sorted(o.status for o in first.outcomes) == ["new", "replaced"]
    before = db_summary(coord)
    again = collection.read_folder(folder)  # the older one is superseded, not an error
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    older = next(o for o in again.outcomes if o.name == "forsta.hpkg")
    assert "nyare rapport för samma period är redan inläst" in older.message
    assert db_summary(coord) == before
    with pytest.raises(UserError, match="nyare rapport"):  # alone, it is still refused
        collection.read_file(folder / "forsta.hpkg")
