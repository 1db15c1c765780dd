"""compute_figures on facts built by hand: the validation figures' edges."""

from __future__ import annotations

import datetime as dt

from handledare_app.domain.enums import Gender, PlacementOutcome, PlacementType
from handledare_app.domain.followup import (
    ActivityFact,
    CertificateFact,
    Facts,
    PersonFact,
    PlacementFact,
    SignedModuleFact,
    compute_figures,
    half_year,
)

D = dt.date
P = half_year(2027, 1)


def _module(pid: str, day: dt.date, area: str = "handel", level: int = 2) -> SignedModuleFact:
    return SignedModuleFact(pid, day, "HAN-01", 1, 2.5, level, area)


def test_validation_edges() -> None:
    facts = Facts(
        persons=(PersonFact("a", Gender.WOMAN, 1990), PersonFact("b", Gender.MAN, 2000)),
        placements=(
            # a ends on 2027-03-31 having signed a module on that very day: counts (15).
            PlacementFact("pa", "a", PlacementType.INTERNSHIP, "region", D(2027, 1, 1), D(2027, 3, 31), PlacementOutcome.STUDIES),
            # b ends before the module is signed: does not count.
            PlacementFact("pb", "b", PlacementType.INTERNSHIP, "region", D(2027, 1, 1), D(2027, 2, 1), PlacementOutcome.OTHER),
        ),
        modules=(
            _module("a", D(2027, 3, 31)),
            _module("a", D(2027, 4, 2), "bygg", 3),
            _module("b", D(2027, 5, 1)),
            _module("b", D(2026, 12, 31)),  # before the period: not a figure-13 module
        ),
        certificates=(
            CertificateFact("K1", D(2027, 6, 30), revoked=True),
            CertificateFact("K2", D(2027, 7, 1)),
        ),
        activity=(ActivityFact("s1", D(2027, 1, 1)), ActivityFact("s1", D(2027, 2, 1)), ActivityFact("s2", D(2026, 12, 31))),
    )  # fmt: skip
    f = compute_figures(facts, P)
    assert f.validated_participants.cells == {("woman",): 1, ("man",): 1}
    assert f.validated_modules.total == 3
    assert f.validated_modules.by("business_area") == {"handel": 2, "bygg": 1}
    assert f.validated_points == {"handel": 5.0, "bygg": 2.5}
    assert (f.certificates_issued, f.certificates_revoked) == (1, 1)
    # b had a module signed 2026-12-31, before the placement ended: counts too.
    assert (f.ended_with_validation.numerator, f.ended_with_validation.denominator) == (2, 2)
    assert f.active_supervisors == 1


def test_only_a_felregistrering_is_nobody() -> None:
    facts = Facts(
        persons=(PersonFact("a", Gender.WOMAN, 1990),),
        placements=(
            PlacementFact("p", "a", PlacementType.WORK_TRAINING, "other", D(2027, 1, 1), D(2027, 2, 1), PlacementOutcome.REGISTRATION_ERROR),
        ),
    )  # fmt: skip
    f = compute_figures(facts, P)
    assert f.participants.total == f.finsam.total == f.started.total == f.ended.total == 0
    assert f.duration == {}


def test_a_placement_without_exit_code_counts_as_unknown() -> None:
    facts = Facts(
        placements=(
            PlacementFact("p", "x", PlacementType.OCCUPATION, "other", D(2026, 5, 1), D(2027, 1, 1)),
        ),
    )  # fmt: skip
    f = compute_figures(facts, P)
    assert f.ended.cells == {("unknown", "occupation", "not_stated"): 1}
    assert f.duration["all"].median_days == 246.0  # 2026-05-01..2027-01-01, both days
