"""Skicka uppföljning till Coompanion: the report package carries only FOLLOWUP.md §5."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.domain.followup import Figures, compute_figures, parse_period
from handledare_app.services.report import ReportService
from tests.exchange_helpers import rich_participant, unpack
from tests.report_helpers import (
    admin,
    company,
    coordinator,
    join_network,
    placements,
    this_half_year,
)
from tests.signing_helpers import ready_module, sign

ALLOWED = {
    "participant": {"id", "gender", "birth_year"},
    "placement": {
        "id",
        "participant_id",
        "type",
        "referrer",
        "start_status",
        "start",
        "end",
        "wage_subsidy",
        "exit_code",
    },
    "signed_module": {
        "participant_id",
        "signed_on",
        "module_code",
        "module_version",
        "points",
        "level",
        "business_area",
    },
    "certificate": {
        "code",
        "issued_on",
        "payload_sha256",
        "payload",
        "status",
        "revoked_on",
        "preliminary",
    },
    "summary": {"figures"},
}


def test_report_carries_no_names_free_text_photos_or_personnummer(tmp_path: Path) -> None:
    period = this_half_year()
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Framstegs Secondhand", catalogue=True)
    try:
        join_network(coord, [a], tmp_path / "net")
        actor = admin(a)
        a.setup.update_workplace(actor, personnummer_enabled=True)
        ids = placements(a, period)
        a.participants.update(actor, ids[0], personnummer="19900314-1232")
        rich = rich_participant(a, actor, "Ingrid", tmp_path)  # evidence, photo, notes
        sign(a, actor, ready_module(a, actor, ids[1], index=1))
        cert = a.certificates.issue(actor, ids[1])
        out = tmp_path / "ut" / "uppfoljning.hpkg"
        out.parent.mkdir()
        result = ReportService(a).write(actor, period, "Coompanions dator", out)

        members = unpack(coord, out)  # Coompanion can open it
        assert set(members) == {
            "manifest.json",
            "manifest.sig",
            *(f"records/{e}.jsonl" for e in ALLOWED),
        }
        everything = b"".join(members.values()).decode("utf-8")
        for secret in (
            "Märta",
            "Ekström",
            "Göran",
            "Lind",
            "Ingrid",
            "070-123",
            "marta@example.se",
            "19900314",
            "900314",
            "Gick bra",
            "Märkte varor",
            "Prismärkning",
            "Visat.",
            "Observation i butiken",
            "Bo Berg",
            "Åsa Öberg",
            ids[0],
            ids[1],
            rich,
        ):
            assert secret not in everything, secret
        rows = {
            e: [json.loads(line) for line in members[f"records/{e}.jsonl"].splitlines()]
            for e in ALLOWED
        }
        for entity, fields in ALLOWED.items():
            for row in rows[entity]:
                assert set(row) == fields, entity
        assert {r["birth_year"] for r in rows["participant"]} >= {1990, 1960}
        assert [r["code"] for r in rows["certificate"]] == [cert.code]
        assert len(rows["signed_module"]) == 1
        # Felix's placement was a felregistrering: it and Felix stay home.
        assert result.counts["placement"] == len(rows["placement"]) == 3
        assert len(rows["participant"]) == 3
        assert "registration_error" not in everything

        manifest = json.loads(members["manifest.json"])
        assert manifest["profile"] == "report"
        assert manifest["scope"] == {"kind": "followup", "period": period.to_dict()}
        # The signed summary is exactly the company's figures for the period.
        figures = Figures.from_dict(rows["summary"][0]["figures"])
        assert figures == a.statistics.figures(period)
        assert figures.active.total == 2  # Göran and Ingrid; the error is not counted
        assert figures.ended.get("studies", "work_training", "woman") == 1
    finally:
        a.close()
        coord.close()


def test_records_stop_at_the_matdag(tmp_path: Path) -> None:
    """A later end is sent as still going; what starts later is not sent at all."""
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Framstegs Secondhand")
    try:
        join_network(coord, [a], tmp_path / "net")
        earlier = parse_period("2025H1")
        placements(a, parse_period("2025H2"))  # Märta starts 2025-06-01, ends 2025-08-10
        out = tmp_path / "r.hpkg"
        ReportService(a).write(None, earlier, "Coompanions dator", out)
        members = unpack(coord, out)
        rows = [json.loads(x) for x in members["records/placement.jsonl"].splitlines()]
        assert [(r["start"], r["end"], r["exit_code"]) for r in rows] == [
            ("2025-06-01", None, None)
        ]
        assert members["records/participant.jsonl"].count(b"\n") == 1
        summary = json.loads(members["records/summary.jsonl"])["figures"]
        assert Figures.from_dict(summary) == compute_figures(a.statistics.facts(), earlier)
    finally:
        a.close()
        coord.close()


def test_report_recipient_must_be_in_the_network_file(tmp_path: Path) -> None:
    a = company(tmp_path / "a", "Framstegs Secondhand")
    try:
        service = ReportService(a)
        assert service.default_recipient() is None
        with pytest.raises(UserError, match="finns inte i nätverksfilen") as err:
            service.write(None, this_half_year(), "Coompanion", tmp_path / "r.hpkg")
        assert "age" not in str(err.value)  # a report goes to an installation, never a key
        with pytest.raises(UserError, match="lös nyckel"):
            service.write(None, this_half_year(), a.keys.age_recipient, tmp_path / "r.hpkg")
        assert not (tmp_path / "r.hpkg").exists()
    finally:
        a.close()


def test_the_older_export_report_profile_no_longer_carries_certificate_names(
    tmp_path: Path,
) -> None:
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Framstegs Secondhand", catalogue=True)
    try:
        join_network(coord, [a], tmp_path / "net")
        actor = admin(a)
        ids = placements(a, this_half_year())
        sign(a, actor, ready_module(a, actor, ids[1], index=1))
        a.certificates.issue(actor, ids[1])
        out = tmp_path / "gammal.hpkg"
        a.exchange.export(out, profile="report", recipients=["Coompanions dator"])
        everything = b"".join(unpack(coord, out).values()).decode("utf-8")
        assert "Göran" not in everything and "Lind" not in everything
    finally:
        a.close()
        coord.close()
