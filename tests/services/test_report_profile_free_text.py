"""`export --profile report` (the pseudonymised package for Coompanion, DESIGN §5):
a participant's row carries no name, contact detail, personnummer or free text."""

from __future__ import annotations

import json
from pathlib import Path

from handledare_app.services.app import App
from tests.exchange_helpers import unpack
from tests.report_helpers import admin, company, coordinator, join_network

# Participant columns whose text may travel in a report: ids, codes, clocks and dates.
MAY_CARRY_TEXT = {
    "id",
    "workplace_id",
    "stage",
    "gender",
    "created_at",
    "updated_at",
    "hlc",
    "origin",
    "photo_consent_date",
    "introduction_done_on",
}


def _filled(app: App) -> str:
    actor = admin(app)
    app.setup.update_workplace(actor, personnummer_enabled=True)
    from tests.helpers import new_participant

    p = new_participant(
        app,
        actor,
        "Märta",
        last_name="Ekström",
        phone="070-123 45 67",
        email="marta@example.se",
        birth_year=1990,
    )
    app.participants.update(actor, p.id, personnummer="19900314-1232")
    app.journey_status.mark_introduction_done(actor, p.id, "Sjukskriven i mars, gjort förut")
    return p.id


def test_a_report_profile_package_carries_no_free_text_about_a_participant(
    tmp_path: Path,
) -> None:
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Alfa Återbruk")
    try:
        join_network(coord, [a], tmp_path / "net")
        pid = _filled(a)
        out = tmp_path / "rapport.hpkg"
        a.exchange.export(out, profile="report", recipients=["Coompanions dator"])
        members = unpack(coord, out)
        everything = b"".join(members.values()).decode("utf-8")
        for secret in ("Märta", "Ekström", "070-123", "marta@", "900314", "Sjukskriven", pid):
            assert secret not in everything, secret
        rows = [json.loads(x) for x in members["records/participant.jsonl"].splitlines()]
        assert rows
        for row in rows:
            texts = {k for k, v in row.items() if isinstance(v, str) and v}
            assert texts <= MAY_CARRY_TEXT, texts - MAY_CARRY_TEXT
    finally:
        a.close()
        coord.close()
