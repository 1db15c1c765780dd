"""Figures 1–17 of FOLLOWUP.md §3, built through services from a hand-made scenario.

Each expected figure is computed in this file from the SCENARIO table with plain loops
(a reference written from FOLLOWUP.md, not from the code under test), and the edges
are also asserted one by one with the reasoning next to them.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from handledare_app.domain.enums import (
    Gender,
    PlacementOutcome,
    PlacementType,
    Referrer,
    StartStatus,
)
from handledare_app.domain.followup import Figures, half_year, parse_period
from handledare_app.services.app import App
from tests.signing_helpers import ready_module, sign

WT, OCC, REHAB, JOB, INTERN = (
    PlacementType.WORK_TRAINING,
    PlacementType.OCCUPATION,
    PlacementType.REHABILITATION,
    PlacementType.EMPLOYMENT,
    PlacementType.INTERNSHIP,
)
D = dt.date
H1 = half_year(2026, 1)  # 2026-01-01 – 2026-06-30, mätdag 2026-06-30


@dataclass
class Stay:
    type: PlacementType
    referrer: Referrer
    start: dt.date
    end: dt.date | None = None
    exit: PlacementOutcome | None = None
    status: StartStatus | None = None
    subsidy: bool = False
    change: bool = False  # started with change_placement_type (ends the previous stay)


@dataclass
class Person:
    name: str
    gender: Gender
    birth_year: int | None
    stays: list[Stay]


SCENARIO = [
    # spans the period start, still open
    Person("Anna", Gender.WOMAN, 1990, [Stay(WT, Referrer.MUNICIPALITY, D(2025, 10, 1), status=StartStatus.JOB_SEEKING)]),
    # ends on the mätdag: active on it and ended in the period; age 17 in 2026
    Person("Bo", Gender.MAN, 2009, [Stay(INTERN, Referrer.EMPLOYMENT_SERVICE, D(2026, 2, 1), D(2026, 6, 30), PlacementOutcome.STUDIES, StartStatus.STUDIES)]),
    # ended the day before the period: in no figure of 2026H1
    Person("Cecilia", Gender.WOMAN, 1960, [Stay(REHAB, Referrer.SOCIAL_INSURANCE, D(2025, 3, 1), D(2025, 12, 31), PlacementOutcome.JOB_SEEKING)]),
    # type change arbetsträning → anställning with lönebidrag
    Person("Dani", Gender.OTHER, None, [
        Stay(WT, Referrer.REGION, D(2026, 1, 15), status=StartStatus.NONE_OR_UNKNOWN),
        Stay(JOB, Referrer.REGION, D(2026, 4, 1), subsidy=True, change=True),
    ]),
    # felregistrering: excluded everywhere (and so is the person, who has nothing else)
    Person("Erik", Gender.MAN, 1980, [Stay(OCC, Referrer.REGION, D(2026, 1, 10), D(2026, 3, 1), PlacementOutcome.REGISTRATION_ERROR, StartStatus.WORK)]),
    # two placements in the period: one person
    Person("Fatima", Gender.WOMAN, 1985, [
        Stay(WT, Referrer.EMPLOYMENT_SERVICE, D(2026, 1, 5), D(2026, 2, 28), PlacementOutcome.JOB_SEEKING, StartStatus.NONE_OR_UNKNOWN),
        Stay(INTERN, Referrer.MUNICIPALITY, D(2026, 5, 1)),
    ]),
    # anställning from the start: no earlier placement, so not figure 9
    Person("Gun", Gender.NOT_STATED, 1995, [Stay(JOB, Referrer.OTHER, D(2026, 3, 1))]),
    # starts the day after the period
    Person("Hans", Gender.MAN, 1970, [Stay(WT, Referrer.EMPLOYMENT_SERVICE, D(2026, 7, 1))]),
    # ends within the period, exit unknown (no start status): not in figure 11
    Person("Ida", Gender.WOMAN, 2000, [Stay(OCC, Referrer.MUNICIPALITY, D(2025, 11, 1), D(2026, 1, 1), PlacementOutcome.UNKNOWN)]),
]  # fmt: skip


def build(app: App, admin_id: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    for person in SCENARIO:
        first = person.stays[0]
        p = app.participants.create(
            admin_id,
            first_name=person.name,
            placement_type=first.type,
            referrer=first.referrer,
            start_date=first.start,
            gender=person.gender,
            birth_year=person.birth_year,
            start_status=first.status,
            wage_subsidy=first.subsidy,
        )
        ids[person.name] = p.id
        for prev, stay in zip(person.stays, person.stays[1:], strict=False):
            if stay.change:
                app.participants.change_placement_type(
                    admin_id, p.id, stay.type, stay.start, wage_subsidy=stay.subsidy
                )
                prev.end = stay.start - dt.timedelta(days=1)
                prev.exit = PlacementOutcome.EMPLOYED_HERE if stay.type is JOB else prev.exit
                continue
            assert prev.end is not None and prev.exit is not None
            app.participants.close(admin_id, p.id, prev.end, prev.exit)
            app.participants.start_new_placement(
                admin_id, p.id, stay.type, stay.referrer, stay.start, start_status=stay.status
            )
        last = person.stays[-1]
        if last.end is not None:
            assert last.exit is not None
            app.participants.close(admin_id, p.id, last.end, last.exit)
    return ids


# --- the reference: FOLLOWUP.md read literally ------------------------------------------


def stays() -> list[tuple[Person, Stay]]:
    return [
        (p, s)
        for p in SCENARIO
        for s in p.stays
        if s.exit is not PlacementOutcome.REGISTRATION_ERROR
    ]


def active_on(s: Stay, day: dt.date) -> bool:
    return s.start <= day and (s.end is None or s.end >= day)


def in_period(s: Stay, a: dt.date, b: dt.date) -> bool:
    return s.start <= b and (s.end is None or s.end >= a)


def band(birth: int | None, year: int) -> str:
    if birth is None:
        return "unknown"
    age = year - birth
    return "16-17" if age <= 17 else "18-29" if age <= 29 else "30-54" if age <= 54 else "55+"


WORK = {"work_unsubsidised", "work_subsidised", "employed_here", "studies"}


def expected(a: dt.date, b: dt.date) -> dict[str, object]:
    all_ = stays()
    active = [(p, s) for p, s in all_ if active_on(s, b)]
    started = [(p, s) for p, s in all_ if a <= s.start <= b]
    ended = [(p, s) for p, s in all_ if s.end is not None and a <= s.end <= b]
    people: dict[str, tuple[Person, Stay]] = {}
    for p, s in all_:
        if in_period(s, a, b) and (p.name not in people or s.start < people[p.name][1].start):
            people[p.name] = (p, s)
    to_here = []
    for p, s in started:
        earlier = [
            x
            for x in p.stays
            if x.start < s.start and x.exit is not PlacementOutcome.REGISTRATION_ERROR
        ]
        if s.type is JOB and earlier and max(earlier, key=lambda x: x.start).type is not JOB:
            to_here.append(p.gender.value)
    days = [(s.end - s.start).days + 1 for _, s in ended if s.end]
    return {
        "active": Counter((s.type.value, s.referrer.value, p.gender.value) for p, s in active),
        "employed": Counter((p.gender.value, "yes" if s.subsidy else "no") for p, s in active if s.type is JOB),
        "placed": Counter((s.type.value, s.referrer.value) for p, s in active if s.type is not JOB),
        "participants": Counter((p.gender.value, band(p.birth_year, s.start.year)) for p, s in people.values()),
        "started": Counter((s.type.value, s.referrer.value, p.gender.value) for p, s in started),
        "ended": Counter(((s.exit or PlacementOutcome.UNKNOWN).value, s.type.value, p.gender.value) for p, s in ended),
        "work": Counter(p.gender.value for p, s in ended if s.exit and s.exit.value in WORK),
        "work_or_seeking": Counter(p.gender.value for p, s in ended if s.exit and (s.exit.value in WORK or s.exit is PlacementOutcome.JOB_SEEKING)),
        "to_here": Counter(to_here),
        "median": float(statistics.median(days)) if days else None,
        "mean": round(statistics.fmean(days), 1) if days else None,
        "status_exit": Counter((s.status.value, s.exit.value) for p, s in ended if s.status and s.exit and s.exit is not PlacementOutcome.UNKNOWN),
    }  # fmt: skip


def cells(tally: object) -> Counter[object]:
    out: Counter[object] = Counter()
    for key, n in tally.cells.items():  # type: ignore[attr-defined]
        out[key if len(key) > 1 else key[0]] = n
    return out


@pytest.fixture
def built(app: App, admin_id: str) -> dict[str, str]:
    return build(app, admin_id)


def test_every_placement_figure_matches_the_reference(app: App, built: dict[str, str]) -> None:
    f = app.statistics.figures(H1)
    want = expected(H1.start, H1.end)
    assert cells(f.active) == want["active"]
    assert cells(f.employed) == want["employed"]
    assert cells(f.placed) == want["placed"]
    assert cells(f.participants) == want["participants"]
    assert cells(f.started) == want["started"]
    assert cells(f.ended) == want["ended"]
    assert cells(f.to_work_or_studies) == want["work"]
    assert cells(f.to_work_studies_or_seeking) == want["work_or_seeking"]
    assert cells(f.to_employment_here) == want["to_here"]
    assert f.duration["all"].median_days == want["median"]
    assert f.duration["all"].mean_days == want["mean"]
    assert cells(f.status_to_exit) == want["status_exit"]
    assert cells(f.finsam) == Counter(
        g for (g, _), n in want["participants"].items() for _ in range(n)
    )  # type: ignore[attr-defined]


def test_the_edges_one_by_one(app: App, built: dict[str, str]) -> None:
    f = app.statistics.figures(H1)
    # Active on 2026-06-30: Anna, Bo (ends on the mätdag), Dani's anställning, Fatima's
    # praktik, Gun. Not Cecilia (ended 2025-12-31), Erik (felregistrering), Hans (starts
    # 2026-07-01), Ida (ended 2026-01-01).
    assert f.active.total == 5
    assert f.employed.total == 2 and f.employed.get("other", "yes") == 1
    assert f.placed.total == 3  # figure 3 = figure 1 − figure 2
    # Persons in the period: Anna, Bo, Dani, Fatima (two placements, counted once),
    # Gun, Ida = 6; Cecilia ended the day before, Erik only had a felregistrering.
    assert f.participants.total == 6
    assert f.participants.get("man", "16-17") == 1  # Bo, 17 in 2026
    assert f.participants.get("other", "unknown") == 1  # Dani, no birth year
    # Started: Bo, Dani ×2, Fatima ×2, Gun = 6 (Erik's is excluded).
    assert f.started.total == 6
    # Ended: Bo (on the mätdag), Dani's arbetsträning (the type change, 2026-03-31),
    # Fatima's first, Ida's (2026-01-01) = 4.
    assert f.ended.total == 4
    assert f.ended.by("exit") == {"studies": 1, "employed_here": 1, "job_seeking": 1, "unknown": 1}
    assert f.share_to_work_or_studies.text() == "50,0 %"  # Bo and Dani of 4
    assert f.share_to_work_studies_or_seeking.text() == "75,0 %"
    assert f.to_employment_here.cells == {("other",): 1}  # Dani; Gun had no earlier
    # Placement time: Bo 2026-02-01..06-30 = 150 days, Dani 01-15..03-31 = 76,
    # Fatima 01-05..02-28 = 55, Ida 2025-11-01..2026-01-01 = 62.
    assert f.duration["all"].median_days == 69.0
    assert f.duration["internship"].mean_days == 150.0
    # Start status → exit: Bo studies→studies, Dani none→employed_here, Fatima none→job_seeking.
    assert f.status_to_exit.total == 3


def test_a_later_period_and_the_year(app: App, built: dict[str, str]) -> None:
    for text in ("2026H2", "2025H2", "2026", "2025-12-31--2026-01-01"):
        p = parse_period(text)
        f = app.statistics.figures(p)
        want = expected(p.start, p.end)
        assert cells(f.active) == want["active"], text
        assert cells(f.participants) == want["participants"], text
        assert cells(f.ended) == want["ended"], text
        assert cells(f.started) == want["started"], text
    # The two-day period holds Cecilia's last day and Ida's last day.
    two_days = app.statistics.figures(parse_period("2025-12-31--2026-01-01"))
    assert two_days.ended.total == 2


def test_nobody_at_all_gives_zeros_and_no_shares(app: App) -> None:
    f = app.statistics.figures(H1)
    assert f.active.total == f.participants.total == f.ended.total == 0
    assert f.share_to_work_or_studies.text() == "–"
    assert f.duration == {}
    assert f.certificates_issued == f.active_supervisors == 0
    assert Figures.from_dict(json.loads(json.dumps(f.to_dict()))) == f


def test_validation_figures_count_a_module_once(app: App, admin_id: str) -> None:
    app.setup.update_workplace(admin_id, qa_sample_rate=0.0)
    today = dt.date.today()
    this = parse_period(f"{today.year}")
    start = today - dt.timedelta(days=30)
    woman = app.participants.create(
        admin_id,
        first_name="Vera",
        placement_type=WT,
        referrer=Referrer.MUNICIPALITY,
        start_date=start,
        gender=Gender.WOMAN,
    )
    man = app.participants.create(
        admin_id,
        first_name="Olle",
        placement_type=WT,
        referrer=Referrer.MUNICIPALITY,
        start_date=start,
        gender=Gender.MAN,
    )
    first = sign(app, admin_id, ready_module(app, admin_id, woman.id, 0))
    sign(app, admin_id, ready_module(app, admin_id, woman.id, 1))
    # A reopened and re-signed module is one module, not two.
    app.signing.reopen(admin_id, first.id, "Fel datum på ett bevis.")
    sign(app, admin_id, first.enrollment_id)
    cert = app.certificates.issue(admin_id, woman.id)
    app.certificates.revoke(admin_id, cert.id, "Utfärdat av misstag.")
    app.participants.close(admin_id, woman.id, today, PlacementOutcome.WORK_UNSUBSIDISED)
    app.participants.close(admin_id, man.id, today, PlacementOutcome.DISCONTINUED)

    f = app.statistics.figures(this)
    modules = app.catalogue.modules()
    assert cells(f.validated_participants) == Counter({"woman": 1})
    assert f.validated_modules.total == 2
    expected_points: Counter[str] = Counter()
    for m in modules[:2]:
        expected_points[m.business_area_code] += m.points
    assert f.validated_points == {k: round(v, 1) for k, v in expected_points.items()}
    assert (f.certificates_issued, f.certificates_revoked) == (1, 1)
    # Two placements ended this year; Vera's person had a signed module when hers ended.
    assert (f.ended_with_validation.numerator, f.ended_with_validation.denominator) == (1, 2)
    assert f.active_supervisors == 1
    earlier = app.statistics.figures(parse_period(f"{today.year - 1}"))
    assert earlier.validated_modules.total == 0 and earlier.active_supervisors == 0


def test_figures_round_trip_through_json(app: App, built: dict[str, str]) -> None:
    f = app.statistics.figures(H1)
    again = Figures.from_dict(json.loads(json.dumps(f.to_dict(), ensure_ascii=False)))
    assert again == f


def test_trend_is_four_half_years_oldest_first(app: App, built: dict[str, str]) -> None:
    trend = app.statistics.trend(H1)
    assert [t.period.label for t in trend] == ["2024H2", "2025H1", "2025H2", "2026H1"]
    for t in trend:
        assert cells(t.active) == expected(t.period.start, t.period.end)["active"]
    from handledare_app.services.statistics_export import figure_charts

    chart = figure_charts(app.statistics.figures(H1), trend, suppress=True)[-1]
    # The axis in words a supervisor reads; files keep the codes.
    assert chart.categories == ["jul–dec 2024", "jan–jun 2025", "jul–dec 2025", "jan–jun 2026"]
    assert parse_period("2026").short_text() == "2026"


def test_csv_has_decimal_commas_and_hides_small_shares(
    app: App, built: dict[str, str], tmp_path: Path
) -> None:
    from handledare_app.services.statistics_export import export_figures

    f = app.statistics.figures(H1)
    exact = export_figures(tmp_path / "a.csv", "csv", f, [], "Verkstan", suppress=False)
    text = exact.read_text(encoding="utf-8-sig")
    assert "Alla;4;69,0;85,8" in text  # (150 + 76 + 55 + 62) / 4 = 85.75 → 85,8
    assert "Andel av avslutade: 50,0 % (2 av 4)" in text
    hidden = export_figures(tmp_path / "b.csv", "csv", f, [], "Verkstan").read_text(
        encoding="utf-8-sig"
    )
    assert "Alla;4;69,0;85,8" in hidden
    assert "Andel av avslutade: – (<3 av 4)" in hidden


def test_pdf_headings_are_never_broken_inside_a_word(tmp_path: Path) -> None:
    """Figure 11 has eleven columns: its headings stand upright, whole words, rather than
    split letter groups ("Felregis/treri/ng"); row labels wrap rather than overrun."""
    import shutil
    import subprocess

    from handledare_app.services.statistics_pdf import pdf_bytes
    from handledare_app.services.statistics_tables import count_table

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext saknas")
    words = ["Arbetssökande", "Felregistrering", "Anställd här", "Annan insats eller placering"]
    cols = [(f"c{i}", w) for i, w in enumerate(words * 2 + ["Okänt", "Annat"])]
    table = count_table(
        "11",
        "Status",
        "Vid start",
        [("x", "Ingen sysselsättning eller okänd")],
        cols,
        [[5] * len(cols)],
        False,
    )
    f = tmp_path / "t.pdf"
    f.write_bytes(pdf_bytes(["Rubrik"], [table], []))
    text = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True).stdout
    for w in ("Arbetssökande", "Felregistrering", "Annan insats eller placering"):
        assert w in text, text


def test_business_areas_are_named_not_coded() -> None:
    """Figure 13 names areas as the catalogue does; a local area's code stays as it is."""
    from handledare_app.services.statistics_tables import label

    assert label("business_area", "cafe") == "Café"
    assert label("business_area", "tradgard") == "Trädgård och utemiljö"
    assert label("business_area", "egen") == "egen"
