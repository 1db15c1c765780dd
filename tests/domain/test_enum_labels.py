"""Every enum member has its own Swedish label, even when values repeat across enums."""

from __future__ import annotations

import pytest

from handledare_app.domain import enums
from handledare_app.domain.enums import (
    EvidenceType,
    LabelledEnum,
    PlacementOutcome,
    PlacementType,
    Referrer,
)

ENUMS = [
    cls
    for cls in vars(enums).values()
    if isinstance(cls, type) and issubclass(cls, LabelledEnum) and cls is not LabelledEnum
]


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_every_member_has_a_distinct_label(cls: type[LabelledEnum]) -> None:
    labels = [m.label for m in cls]
    assert all(labels)
    assert len(set(labels)) == len(labels)


def test_same_value_in_different_enums_keeps_its_own_label() -> None:
    assert PlacementType.EMPLOYMENT.label == "Anställning"
    assert PlacementOutcome.WORK_UNSUBSIDISED.label == "Arbete utan stöd"
    assert Referrer.OTHER.label == "Annan"
    assert PlacementOutcome.OTHER.label == "Annat"
    assert EvidenceType.OTHER.label == "Övrigt"


def test_parse_accepts_code_and_label() -> None:
    assert PlacementType.parse("Anställning") is PlacementType.EMPLOYMENT
    assert PlacementOutcome.parse("work_unsubsidised") is PlacementOutcome.EMPLOYMENT
    with pytest.raises(ValueError):
        PlacementType.parse("Semester")
