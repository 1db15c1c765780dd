"""When a step of the participant's journey is done (issue 13): the ✓ is earned by a
rule, never by the stage pointer having moved past the step."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import JourneyStage


@dataclass(frozen=True)
class JourneyFacts:
    checklist_total: int
    checklist_done: int
    introduction_done_reason: str  # the supervisor marked the introduction done: why
    modules: int  # active modules in the work plan
    follow_ups: int
    signed_modules: int
    closed: bool  # the placement has an end date and an outcome


def introduction_done(f: JourneyFacts) -> bool:
    everything = f.checklist_total > 0 and f.checklist_done >= f.checklist_total
    return everything or bool(f.introduction_done_reason.strip())


def missing(stage: JourneyStage, f: JourneyFacts) -> str:
    """What is missing before the step is done, in Swedish; "" when it is done."""
    if stage is JourneyStage.INTRODUCTION:
        if introduction_done(f):
            return ""
        return (
            f"{f.checklist_done} av {f.checklist_total} punkter i introduktionen är klara "
            "(bocka av resten, eller markera introduktionen som klar och skriv varför)"
        )
    if stage is JourneyStage.WORK_PLAN:
        return "" if f.modules > 0 else "arbetsplanen har ingen modul ännu"
    if stage is JourneyStage.FOLLOW_UP:
        return "" if f.follow_ups > 0 else "ingen uppföljning är gjord ännu"
    if stage is JourneyStage.VALIDATION:
        return "" if f.signed_modules > 0 else "ingen modul är signerad ännu"
    return "" if f.closed else "placeringen är inte avslutad"


def journey_gaps(f: JourneyFacts) -> dict[JourneyStage, str]:
    """Every step with what it lacks ("" = done, ✓)."""
    return {stage: missing(stage, f) for stage in JourneyStage}
