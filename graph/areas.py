"""National statistical area codes (统计用区划代码): provinces, cities, districts, streets.

The project ships its own copy under ``graph/data/areas``. Codes are strings: 2 digits for a
province, 4 for a city, 6 for a district/county, 9 for a street/town. The hierarchy is
implied by prefixes, so the parent of a code is its prefix one level up.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVELS = {2: "province", 4: "city", 6: "district", 9: "street"}
LEVEL_NAMES_ZH = {"province": "省级", "city": "地市级", "district": "区县级", "street": "街镇级"}
MUNICIPAL_CITY_NAMES = {"市辖区", "县"}


@dataclass(frozen=True, slots=True)
class Area:
    """One administrative area."""

    code: str
    name: str
    level: str
    parent: str | None

    @property
    def full_name(self) -> str:
        """'上海市浦东新区花木街道' (the municipal '市辖区' level is left out)."""
        return area_registry().full_name(self.code)


def parent_code(code: str) -> str | None:
    """The code one level up, or None for a province."""
    return {9: code[:6], 6: code[:4], 4: code[:2]}.get(len(code))


class AreaRegistry:
    """Look-ups over the shipped area table."""

    def __init__(self, areas: dict[str, Area]) -> None:
        self._areas = areas
        self._children: dict[str, list[str]] = {}
        for code, area in areas.items():
            if area.parent:
                self._children.setdefault(area.parent, []).append(code)

    def exists(self, code: str) -> bool:
        return code in self._areas

    def get(self, code: str) -> Area | None:
        return self._areas.get(code)

    def name(self, code: str) -> str:
        area = self._areas.get(code)
        return area.name if area else code

    def full_name(self, code: str) -> str:
        parts = [a.name for a in self.lineage(code) if a.name not in MUNICIPAL_CITY_NAMES]
        return "".join(parts) or code

    def lineage(self, code: str) -> list[Area]:
        """Province first, down to the area itself (unknown codes are skipped)."""
        chain: list[Area] = []
        current: str | None = code
        while current:
            area = self._areas.get(current)
            if area:
                chain.append(area)
            current = parent_code(current)
        return chain[::-1]

    def children(self, code: str) -> list[str]:
        return sorted(self._children.get(code, []))

    def district_of(self, code: str) -> str | None:
        """The 6-digit district containing a street or district code."""
        return code[:6] if len(code) >= 6 else None

    def lowest_common_superior(self, codes: list[str]) -> str | None:
        """The deepest code that contains every code given; None across provinces."""
        if not codes:
            return None
        prefix = codes[0]
        for code in codes[1:]:
            prefix = _common_level_prefix(prefix, code)
            if not prefix:
                return None
        return prefix

    def __len__(self) -> int:
        return len(self._areas)

    def codes(self, level: str | None = None) -> list[str]:
        return sorted(c for c, a in self._areas.items() if level is None or a.level == level)


def _common_level_prefix(a: str, b: str) -> str:
    for size in (9, 6, 4, 2):
        if len(a) >= size and len(b) >= size and a[:size] == b[:size]:
            return a[:size]
    return ""


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("graph").joinpath("data", "areas", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def area_registry() -> AreaRegistry:
    """The shipped registry (loaded once, ~45k areas)."""
    areas: dict[str, Area] = {}
    for file, size in (
        ("provinces.csv", 2),
        ("cities.csv", 4),
        ("areas.csv", 6),
        ("streets.csv", 9),
    ):
        for row in _read(file):
            code = row["code"]
            areas[code] = Area(code, row["name"], LEVELS[size], parent_code(code))
    return AreaRegistry(areas)


@cache
def _known_prefixes() -> frozenset[str]:
    return frozenset(c for c in area_registry().codes() if len(c) in (4, 6))


def is_known_id_prefix(prefix6: str) -> bool:
    """A resident id's first six digits name a known district, or at least a known city."""
    known = _known_prefixes()
    return prefix6 in known or prefix6[:4] in known
