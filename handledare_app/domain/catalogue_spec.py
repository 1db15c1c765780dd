"""The criteria catalogue's data: catalogue, business areas, modules, outcomes, criteria."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .canonical import content_hash

FORMAT_NAME = "handledarappen-katalog"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class CriterionSpec:
    number: str
    text: str


@dataclass(frozen=True)
class OutcomeSpec:
    number: int
    text: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class ModuleSpec:
    code: str
    version: int
    title: str
    description: str
    seqf_level: int
    ocn_level: int | None
    points: float
    outcomes: tuple[OutcomeSpec, ...]

    def content(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "description": self.description,
            "seqf_level": self.seqf_level,
            "ocn_level": self.ocn_level,
            "points": self.points,
            "outcomes": [
                {
                    "number": o.number,
                    "text": o.text,
                    "criteria": [{"number": c.number, "text": c.text} for c in o.criteria],
                }
                for o in self.outcomes
            ],
        }

    def content_hash(self) -> str:
        return content_hash(self.content())


@dataclass(frozen=True)
class BusinessAreaSpec:
    code: str
    name: str
    description: str
    modules: tuple[ModuleSpec, ...]


@dataclass(frozen=True)
class CatalogueSpec:
    catalogue_id: str
    name: str
    version: str
    published: str | None
    publisher: str
    description: str
    hours_per_point: int
    business_areas: tuple[BusinessAreaSpec, ...]

    @property
    def modules(self) -> list[tuple[BusinessAreaSpec, ModuleSpec]]:
        return [(a, m) for a in self.business_areas for m in a.modules]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "catalogue_id": self.catalogue_id,
            "name": self.name,
            "version": self.version,
        }
        if self.published:
            out["published"] = self.published
        if self.publisher:
            out["publisher"] = self.publisher
        if self.description:
            out["description"] = self.description
        out["hours_per_point"] = self.hours_per_point
        out["business_areas"] = []
        for area in self.business_areas:
            a: dict[str, Any] = {"code": area.code, "name": area.name}
            if area.description:
                a["description"] = area.description
            mods = []
            for m in area.modules:
                c = m.content()
                if not c["description"]:
                    del c["description"]
                mods.append(c)
            a["modules"] = mods
            out["business_areas"].append(a)
        return out
