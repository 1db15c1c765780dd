"""Migration 0003 on saved 0002 data: new columns get their defaults, old exit values
become FOLLOWUP.md codes, and sick leave (health data) becomes avbrutet, audited."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from handledare_app.domain.enums import Gender, PlacementOutcome
from handledare_app.services.app import open_app
from handledare_app.services.participant_reads import ParticipantFilter
from handledare_app.storage.models import AuditRow
from tests.storage.test_saved_schemas import only_pre_rule_signoffs

SAVED = Path(__file__).resolve().parents[1] / "data" / "schemas" / "0002"


def test_0002_data_upgrades_with_exit_codes_mapped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAVED, data)
    # What a 0002 release could have written (raw sqlite3: the old code is gone).
    con = sqlite3.connect(data / "handledare.sqlite")
    ids = [r[0] for r in con.execute("SELECT id FROM placement ORDER BY id")]
    old = {ids[0]: "sick_leave", ids[1]: "employment", ids[2]: "subsidised_employment"}
    for pid, value in old.items():
        con.execute("UPDATE placement SET outcome = ? WHERE id = ?", (value, pid))
    audit_before = con.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    con.commit()
    con.close()

    with open_app(data, check_keys=False) as app:
        assert only_pre_rule_signoffs(app.check.run()) == []
        people = app.participants.list(ParticipantFilter(status="all"))
        outcomes = {}
        for s in people:
            for pl in app.participants.get(s.id).placements:
                outcomes[pl.id] = pl.outcome
            assert app.participants.get(s.id).gender is Gender.NOT_STATED
        assert outcomes[ids[0]] is PlacementOutcome.DISCONTINUED
        assert outcomes[ids[1]] is PlacementOutcome.WORK_UNSUBSIDISED
        assert outcomes[ids[2]] is PlacementOutcome.WORK_SUBSIDISED
        assert all(
            not pl.wage_subsidy for s in people for pl in app.participants.get(s.id).placements
        )
        assert app.setup.workplace().municipality is None
        with app.db.reader() as tx:
            entries = tx.find(AuditRow, order_by="seq")
    # Exactly one entry about the sick-leave value; later migrations may add their own notes.
    added = [e for e in entries[audit_before:] if e.entity == "placement"]
    assert len(added) == 1
    last = added[0]
    assert (last.entity, last.record_id, last.action) == ("placement", ids[0], "update")
    assert last.before == {"outcome": "sick_leave"}
    assert last.after is not None and last.after["outcome"] == "discontinued"
    con = sqlite3.connect(data / "handledare.sqlite")
    try:
        values = {r[0] for r in con.execute("SELECT outcome FROM placement")}
    finally:
        con.close()
    assert "sick_leave" not in values and "employment" not in values
