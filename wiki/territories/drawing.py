"""The map of France's départements: shipped geometry, shaded by public page counts."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wiki.departements import DEPARTEMENTS
from wiki.pages.listing import departement_counts

GEOMETRY = Path(__file__).with_name("departements.json")
BUCKETS = 6  # shades: 0 for no page, then five steps up to the busiest département


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    centre: tuple[float, float]
    count: int
    bucket: int


@dataclass(frozen=True)
class FranceMap:
    view_box: str
    shapes: list[Shape]
    insets: list[dict]
    legend: list[tuple[int, int, int]]  # (bucket, lowest count, highest count)
    total: int


@cache
def geometry() -> dict:
    """The projected départements (build_geometry.py made the file), read once a process."""
    return json.loads(GEOMETRY.read_text("utf-8"))


def bucket(count: int, busiest: int) -> int:
    """0 for no page; 1 to BUCKETS - 1 in proportion to the busiest département."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, math.ceil((BUCKETS - 1) * count / busiest))


def legend(busiest: int) -> list[tuple[int, int, int]]:
    """Each shade's range of counts, the shades no count can reach left out."""
    ranges: dict[int, list[int]] = {}
    for count in range(1, busiest + 1):
        ranges.setdefault(bucket(count, busiest), []).append(count)
    return [(0, 0, 0)] + [(b, min(c), max(c)) for b, c in sorted(ranges.items())]


def public_counts() -> dict[str, int]:
    """Published public pages per département, as an anonymous visitor counts them: the map
    is the same for everyone and tells nothing of members-only, group or hidden pages."""
    return departement_counts(None)


def france_map() -> FranceMap:
    data = geometry()
    counts = public_counts()
    busiest = max(counts.values(), default=0)
    shapes = [
        Shape(
            code,
            DEPARTEMENTS[code],
            drawn["path"],
            tuple(drawn["centre"]),
            counts.get(code, 0),
            bucket(counts.get(code, 0), busiest),
        )
        for code, drawn in data["departements"].items()
    ]
    return FranceMap(
        view_box=" ".join(f"{v:g}" for v in data["viewBox"]),
        shapes=shapes,
        insets=[{**inset, "name": DEPARTEMENTS[inset["code"]]} for inset in data["insets"]],
        legend=legend(busiest),
        total=sum(counts.values()),
    )
