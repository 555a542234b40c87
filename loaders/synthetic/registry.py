"""Enterprises and the people behind them: district pools the projects draw from."""

from __future__ import annotations

import random
from functools import cache

from graph.areas import area_registry
from loaders.synthetic import names
from loaders.synthetic.identifiers import IdFactory
from loaders.synthetic.model import Enterprise, Officer, Person
from loaders.synthetic.params import ORIGIN_PROVINCES

POOL_SHARES = {"owner": 8, "gc": 5, "specialty": 15, "labour": 20, "dispatch": 3, "other": 49}
"""How a district's registry splits between roles (per cent)."""

_TRADES = {
    "owner": names.OWNER_TRADES,
    "gc": names.GC_TRADES,
    "specialty": names.SPECIALTY_TRADES,
    "labour": names.LABOUR_TRADES,
    "dispatch": names.DISPATCH_TRADES,
    "other": names.OTHER_TRADES,
}
_QUALIFIED_ROLES = ("gc", "specialty", "labour")
SHANGHAI_PROVINCE = "31"


@cache
def bag(items: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """Each key repeated by its integer weight: one random() call then draws from it."""
    return tuple(key for key, weight in items for _ in range(weight))


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key drawn with the given integer weights (dict order is fixed, so draws are too)."""
    keys = bag(tuple(weights.items()))
    return keys[int(rng.random() * len(keys))]


@cache
def streets(district: str) -> tuple[str, ...]:
    """The streets and towns of a district, in code order."""
    return tuple(area_registry().children(district))


@cache
def full_name(code: str) -> str:
    return area_registry().full_name(code)


class Registry:
    """Creates enterprises, officers and foremen, and keeps the pools per district and role."""

    def __init__(self, rng: random.Random, ids: IdFactory) -> None:
        self.rng = rng
        self.ids = ids
        self.enterprises: list[Enterprise] = []
        self.foremen: list[Person] = []
        self.pools: dict[tuple[str, str], list[Enterprise]] = {}
        self._names: set[str] = set()
        self._people: dict[str, list[Person]] = {}
        self._institutions: dict[str, list[Enterprise]] = {}

    # ------------------------------------------------------------ people

    def person(self, province: str | None = None, *, male_share: float = 0.85) -> Person:
        """A new person with a synthetic id, a made-up name and a synthetic phone."""
        prov = province or weighted(self.rng, ORIGIN_PROVINCES)
        rid = self.ids.resident_id(prov, male=self.rng.random() < male_share)
        return Person(rid, names.person_name(self.rng), self.ids.phone())

    def local_person(self, district: str) -> Person:
        """Someone behind a company of ``district``; 10% already run another one there."""
        known = self._people.setdefault(district, [])
        if known and self.rng.random() < 0.1:
            return self.rng.choice(known)
        prov = SHANGHAI_PROVINCE if self.rng.random() < 0.6 else None
        person = self.person(prov, male_share=0.75)
        known.append(person)
        return person

    def foreman(self, district: str, *, reuse: float = 0.2) -> Person:
        """A 包工头; some work on several projects."""
        pool = self._people.setdefault("foremen:" + district, [])
        if pool and self.rng.random() < reuse:
            return self.rng.choice(pool)
        person = self.person()
        pool.append(person)
        self.foremen.append(person)
        return person

    # ------------------------------------------------------------ enterprises

    def unique_name(self, make: names.NameMaker) -> str:
        name = make(self.rng)
        while name in self._names:
            name = make(self.rng)
        self._names.add(name)
        return name

    def enterprise(self, district: str, role: str, **overrides: str) -> Enterprise:
        """A new registered company of ``role`` in ``district`` with a legal representative."""
        trades = _TRADES[role]
        name = overrides.pop("name", "") or self.unique_name(
            lambda r: names.enterprise_name(r, trades)
        )
        ent = Enterprise(
            uscc=self.ids.uscc(district),
            name=name,
            kind="company",
            status="存续",
            qualification="adequate" if role in _QUALIFIED_ROLES else "n/a",
            dispatch_licence="yes" if role == "dispatch" else "n/a",
            area=district,
            address=self.address(district),
        )
        for key, value in overrides.items():
            setattr(ent, key, value)
        self.staff(ent, district)
        self.enterprises.append(ent)
        return ent

    def staff(self, ent: Enterprise, district: str) -> None:
        """A legal representative, and for a quarter of companies a separate controller."""
        ent.officers.append(Officer(self.local_person(district), "legal_rep"))
        if self.rng.random() < 0.25:
            ent.officers.append(Officer(self.local_person(district), "controller"))

    def address(self, district: str) -> str:
        street = self.rng.choice(streets(district))
        return f"{full_name(street)}{names.brand(self.rng)}路{self.rng.randint(1, 2999)}号"

    def fill_pools(self, district: str, size: int) -> None:
        """Create ``size`` enterprises in ``district`` split by POOL_SHARES."""
        for role, share in POOL_SHARES.items():
            pool = self.pools.setdefault((district, role), [])
            for _ in range(max(2, size * share // 100)):
                ent = self.enterprise(district, role)
                if role == "other":
                    ent.status = weighted(self.rng, {"存续": 95, "吊销": 3, "注销": 2})
                pool.append(ent)

    def pick(self, district: str, role: str) -> Enterprise:
        return self.rng.choice(self.pools[district, role])

    def institution(self, district: str) -> Enterprise:
        """A public owner (事业单位, USCC prefix 12); three per district."""
        pool = self._institutions.setdefault(district, [])
        if len(pool) < 3:
            name = names.institution_name(area_registry().name(district), len(pool))
            ent = self.enterprise(district, "owner", name=name, kind="institution")
            ent.uscc = self.ids.uscc(district, "12")
            pool.append(ent)
        return self.rng.choice(pool)

    def partnership(self, district: str) -> Enterprise:
        """A labour subcontractor organised as a general partnership, with 2–3 investors."""
        ent = self.enterprise(
            district, "labour", name=self.unique_name(names.partnership_name), kind="partnership"
        )
        for _ in range(self.rng.randint(2, 3)):
            ent.officers.append(Officer(self.local_person(district), "investor"))
        return ent

    def unregistered_crew(self, district: str) -> Enterprise:
        """A 施工队 that never registered: no USCC, status 未登记."""
        district_name = area_registry().name(district)
        ent = Enterprise(
            uscc="",
            name=self.unique_name(lambda r: names.crew_name(r, district_name)),
            kind="unregistered_org",
            status="未登记",
            qualification="none",
            dispatch_licence="n/a",
            area=district,
            address="",
        )
        ent.officers.append(Officer(self.foreman(district, reuse=0.0), "manager"))
        self.enterprises.append(ent)
        return ent
