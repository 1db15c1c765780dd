"""The journey's ✓ is earned by rules (issue 13), never by the stage pointer."""

from __future__ import annotations

from dataclasses import replace

from handledare_app.domain.enums import JourneyStage
from handledare_app.domain.journey_rules import JourneyFacts, journey_gaps, missing

NOTHING = JourneyFacts(8, 0, "", 0, 0, 0, False)
EVERYTHING = JourneyFacts(8, 8, "", 1, 1, 1, True)


def test_nothing_done_lists_every_gap() -> None:
    gaps = journey_gaps(NOTHING)
    assert gaps[JourneyStage.INTRODUCTION].startswith("0 av 8 punkter")
    assert gaps[JourneyStage.WORK_PLAN] == "arbetsplanen har ingen modul ännu"
    assert gaps[JourneyStage.FOLLOW_UP] == "ingen uppföljning är gjord ännu"
    assert gaps[JourneyStage.VALIDATION] == "ingen modul är signerad ännu"
    assert gaps[JourneyStage.CLOSURE] == "placeringen är inte avslutad"


def test_everything_done_has_no_gap() -> None:
    assert set(journey_gaps(EVERYTHING).values()) == {""}


def test_introduction_needs_every_item_or_a_reason() -> None:
    assert missing(JourneyStage.INTRODUCTION, replace(NOTHING, checklist_done=7)).startswith(
        "7 av 8"
    )
    assert missing(JourneyStage.INTRODUCTION, replace(NOTHING, checklist_done=8)) == ""
    marked = replace(NOTHING, introduction_done_reason="Gjort på förra placeringen")
    assert missing(JourneyStage.INTRODUCTION, marked) == ""
    assert missing(JourneyStage.INTRODUCTION, replace(NOTHING, introduction_done_reason="  "))
    # An empty checklist is not "all done".
    assert missing(JourneyStage.INTRODUCTION, JourneyFacts(0, 0, "", 0, 0, 0, False))
