"""Coompanion's collection: reading reports, corrections, the county view, verify."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from handledare_app.domain.enums import Gender, PlacementType, Referrer
from handledare_app.domain.errors import UserError
from handledare_app.domain.followup import parse_period
from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from handledare_app.services.collection import CollectionService
from handledare_app.services.report import ReportService
from tests.exchange_helpers import repack, unpack
from tests.helpers import db_summary
from tests.report_helpers import (
    admin,
    company,
    coordinator,
    join_network,
    placements,
    this_half_year,
)
from tests.signing_helpers import ready_module, sign


@pytest.fixture
def network(tmp_path: Path):  # type: ignore[no-untyped-def]
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Framstegs Secondhand", catalogue=True)
    b = company(tmp_path / "b", "Café Gläntan")
    join_network(coord, [a, b], tmp_path / "net")
    yield coord, a, b
    for x in (a, b, coord):
        x.close()


def write(app: App, folder: Path, period_text: str | None = None) -> Path:
    period = parse_period(period_text) if period_text else this_half_year()
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{app.setup.workplace().name[:4]}-{len(list(folder.iterdir()))}.hpkg"
    ReportService(app).write(None, period, "Coompanions dator", out)
    return out


def test_a_folder_of_reports_gives_the_county(network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, a, b = network
    period = this_half_year()
    placements(a, period)
    placements(b, period)
    actor = admin(a)
    pid = a.participants.list()[0].id
    sign(a, actor, ready_module(a, actor, pid))
    cert = a.certificates.issue(actor, pid)
    folder = tmp_path / "in"
    write(a, folder)
    write(b, folder)
    steps: list[tuple[int, int]] = []
    result = CollectionService(coord).read_folder(
        folder, progress=lambda d, t: not steps.append((d, t))
    )
    assert [o.status for o in result.outcomes] == ["new", "new"], result.lines()
    assert steps[-1] == (4, 4)

    view = CollectionService(coord).county(period)
    assert [(c.name, c.reported) for c in view.companies] == [
        ("Café Gläntan", True),
        ("Framstegs Secondhand", True),
    ]
    fa, fb = a.statistics.figures(period), b.statistics.figures(period)
    assert view.per_company["Framstegs Secondhand"] == fa
    assert view.total is not None
    # County figures are sums over the companies (placements; pseudonyms never meet).
    assert view.total.active.total == fa.active.total + fb.active.total == 2
    assert view.total.participants.total == fa.participants.total + fb.participants.total
    assert view.total.ended.get("studies", "work_training", "woman") == 2
    assert view.total.validated_modules.total == 1
    assert view.total.active_supervisors == fa.active_supervisors + fb.active_supervisors
    assert view.total.certificates_issued == fa.certificates_issued + fb.certificates_issued
    assert set(view.per_municipality) == {""}  # no municipality set: one "okänd" group

    verdict = coord.certificates.verify(cert.code)
    assert verdict.verdict is Verdict.VALID and verdict.workplace_name == "Framstegs Secondhand"
    assert verdict.participant_name == ""  # Coompanion's register has no names
    assert coord.certificates.verify("AAAAA-AAAAA").verdict is Verdict.UNKNOWN

    # The same packages again: nothing changes.
    before = db_summary(coord)
    with coord.db.reader() as tx:
        from handledare_app.storage.models import CollectedReportRow

        rows_before = [(r.id, r.imported_at) for r in tx.find(CollectedReportRow)]
    again = CollectionService(coord).read_folder(folder)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    with coord.db.reader() as tx:
        assert [(r.id, r.imported_at) for r in tx.find(CollectedReportRow)] == rows_before
    assert db_summary(coord) == before


def test_a_corrected_report_replaces_the_earlier_and_an_older_one_is_refused(
    network,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    coord, a, _b = network
    period = this_half_year()
    placements(a, period)
    first = write(a, tmp_path / "1")
    collection = CollectionService(coord)
    assert collection.read_file(first).status == "new"
    a.participants.create(
        admin(a),
        first_name="Nils",
        placement_type=PlacementType.OCCUPATION,
        referrer=Referrer.REGION,
        start_date=period.start,
        gender=Gender.MAN,
    )
    second = write(a, tmp_path / "2")
    outcome = collection.read_file(second)
    assert outcome.status == "replaced" and "ersätter" in outcome.message
    view = collection.county(period)
    assert view.per_company["Framstegs Secondhand"].active.total == 2
    assert view.total is not None and view.total.active.total == 2
    before = db_summary(coord)
    with pytest.raises(UserError, match="nyare rapport för samma period"):
        collection.read_file(first)
    assert db_summary(coord) == before
    assert collection.county(period).total.active.total == 2  # type: ignore[union-attr]


def test_missing_companies_and_an_empty_period(network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, a, _b = network
    collection = CollectionService(coord)
    empty = collection.county(parse_period("2024H1"))
    assert empty.total is None and empty.reporting == 0 and len(empty.missing) == 2
    outcome = collection.read_file(write(a, tmp_path / "r", "2024H1"))
    assert outcome.status == "new"
    view = collection.county(parse_period("2024H1"))
    assert [c.name for c in view.missing] == ["Café Gläntan"]
    reported = next(c for c in view.companies if c.reported)
    assert reported.latest_package == dt.datetime.now(dt.UTC).date().isoformat()
    assert view.total is not None and view.total.active.total == 0
    assert view.missing[0].latest_package is None


def _tampered(coord: App, a: App, src: Path, out: Path, change) -> Path:  # type: ignore[no-untyped-def]
    members = unpack(coord, src)
    manifest = json.loads(members["manifest.json"])
    change(members, manifest)
    members["manifest.json"] = json.dumps(manifest).encode("utf-8")
    return repack(out, members, recipient=coord.keys.age_recipient, sign=a.keys)


def test_bad_reports_are_refused_in_swedish_and_change_nothing(
    network,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    coord, a, b = network
    period = this_half_year()
    placements(a, period)
    good = write(a, tmp_path / "g")
    collection = CollectionService(coord)
    before = db_summary(coord)

    def other_workplace(members, manifest) -> None:  # type: ignore[no-untyped-def]
        manifest["origin"]["workplace_id"] = b.setup.workplace().id

    def wrong_summary(members, manifest) -> None:  # type: ignore[no-untyped-def]
        summary = json.loads(members["records/summary.jsonl"])
        summary["figures"]["certificates_issued"] += 5
        members["records/summary.jsonl"] = json.dumps(summary).encode("utf-8") + b"\n"

    def extra_field(members, manifest) -> None:  # type: ignore[no-untyped-def]
        lines = members["records/participant.jsonl"].splitlines()
        row = json.loads(lines[0])
        row["first_name"] = "Märta"
        members["records/participant.jsonl"] = json.dumps(row).encode("utf-8") + b"\n"

    cases = [
        (other_workplace, "komma från Café Gläntan, men den är signerad av datorn"),
        (wrong_summary, "stämmer inte med rapportens poster"),
        (extra_field, "hör inte hemma i en rapport"),
    ]
    for i, (change, message) in enumerate(cases):
        bad = _tampered(coord, a, good, tmp_path / f"bad{i}.hpkg", change)
        with pytest.raises(UserError, match=message) as err:
            collection.read_file(bad)
        assert "Inget har ändrats" in str(err.value)

    # An exchange package given to the collection, and a report given to Utbyte.
    exchange = tmp_path / "utbyte.hpkg"
    a.exchange.export(exchange, profile="exchange", recipients=["Coompanions dator"])
    with pytest.raises(UserError, match="inte en uppföljningsrapport"):
        collection.read_file(exchange)
    with pytest.raises(UserError, match="uppföljningsrapport till Coompanion"):
        coord.exchange.import_file(good)
    # A passphrase package: reports never have one, and collect has nowhere to give it.
    locked = tmp_path / "lösenfras.hpkg"
    a.exchange.export(locked, profile="exchange", passphrase="hemlig fras 123")
    with pytest.raises(UserError, match="skyddat med en lösenfras, så det är ingen") as err:
        collection.read_file(locked)
    assert getattr(err.value, "cli_hint", None) is None
    assert db_summary(coord) == before

    # A folder with good and bad: the good one is read, the bad ones say why.
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    good.rename(mixed / good.name)
    exchange.rename(mixed / exchange.name)
    result = collection.read_folder(mixed)
    assert sorted(o.status for o in result.outcomes) == ["new", "refused"]


def test_a_company_outside_the_network_file(network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, _a, _b = network
    outsider = company(tmp_path / "x", "Okända Verkstan")
    try:
        net = tmp_path / "net" / "natverk.json"
        outsider.exchange.trust.import_network(None, net, trust_fingerprint=coord.keys.fingerprint)
        report = write(outsider, tmp_path / "x-out")
        before = db_summary(coord)
        with pytest.raises(UserError, match="Okända Verkstan, som inte finns i nätverksfilen"):
            CollectionService(coord).read_file(report)
        assert db_summary(coord) == before
    finally:
        outsider.close()


def test_only_coompanions_installation_collects(network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coord, a, b = network
    assert CollectionService(coord).is_coordinator()
    assert not CollectionService(a).is_coordinator()
    with pytest.raises(UserError, match="Bara Coompanions installation"):
        CollectionService(a).read_folder(tmp_path)
    CollectionService(b).mark_coordinator()  # init --samordnare
    assert CollectionService(b).is_coordinator()
