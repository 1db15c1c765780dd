"""Result building blocks of the follow-up figures: tallies, shares, durations, age
bands. Re-exported by domain.followup, which is the module to import.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("16-17", "16–17 år"),
    ("18-29", "18–29 år"),
    ("30-54", "30–54 år"),
    ("55+", "55 år och äldre"),
    ("unknown", "Okänd ålder"),
)


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "unknown"
    age = year - birth_year
    if age < 18:
        return "16-17"
    if age < 30:
        return "18-29"
    if age < 55:
        return "30-54"
    return "55+"


@dataclass(frozen=True)
class Tally:
    """Counts keyed by a tuple of codes, one per dimension (e.g. type, referrer, gender)."""

    dims: tuple[str, ...]
    cells: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def by(self, dim: str) -> dict[str, int]:
        """Marginal counts over one dimension."""
        i = self.dims.index(dim)
        out: Counter[str] = Counter()
        for key, n in self.cells.items():
            out[key[i]] += n
        return dict(out)

    def by2(self, row_dim: str, col_dim: str) -> dict[tuple[str, str], int]:
        i, j = self.dims.index(row_dim), self.dims.index(col_dim)
        out: Counter[tuple[str, str]] = Counter()
        for key, n in self.cells.items():
            out[(key[i], key[j])] += n
        return dict(out)

    def get(self, *key: str) -> int:
        return self.cells.get(tuple(key), 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dims": list(self.dims),
            "cells": [[*k, n] for k, n in sorted(self.cells.items())],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Tally:
        dims = tuple(d["dims"])
        cells = {tuple(str(x) for x in row[:-1]): int(row[-1]) for row in d["cells"]}
        return cls(dims, cells)

    @classmethod
    def count(cls, dims: tuple[str, ...], keys: Iterable[tuple[str, ...]]) -> Tally:
        return cls(dims, dict(Counter(keys)))


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def text(self) -> str:
        """`42,9 %` (one decimal, decimal comma); `–` when there is no denominator."""
        v = self.value
        return "–" if v is None else f"{v * 100:.1f} %".replace(".", ",")

    def to_dict(self) -> list[int]:
        return [self.numerator, self.denominator]

    @classmethod
    def from_dict(cls, d: list[int]) -> Share:
        return cls(int(d[0]), int(d[1]))


@dataclass(frozen=True)
class Duration:
    count: int
    median_days: float | None
    mean_days: float | None

    def to_dict(self) -> list[Any]:
        return [self.count, self.median_days, self.mean_days]

    @classmethod
    def from_dict(cls, d: list[Any]) -> Duration:
        return cls(int(d[0]), d[1], d[2])


def duration_of(days: list[int]) -> Duration:
    if not days:
        return Duration(0, None, None)
    return Duration(len(days), float(statistics.median(days)), round(statistics.fmean(days), 1))
