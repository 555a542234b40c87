"""Cross-district groups planted for entity resolution and 跨区 coordination to find.

Three kinds, in turn:
- controller: one person controls (and for one of them represents) labour companies
  registered in 2–3 districts, each of which leaves its crew unpaid on a project there;
- foreman: the same 包工头 leaves crews unpaid on projects in 2–3 districts;
- name_variant: one company works in another district's filings under a variant of its
  name (有限公司 ↔ 有限责任公司, or half-width brackets), next to its own branch office
  (…分公司) registered there; case files sometimes leave its USCC out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from graph.areas import area_registry
from loaders.synthetic import names
from loaders.synthetic.model import Enterprise, Officer, Party, Person
from loaders.synthetic.params import ScaleParams
from loaders.synthetic.registry import Registry

KINDS = ("controller", "foreman", "name_variant")


@dataclass(slots=True)
class GroupPlan:
    """One planted group: who ties it together and which crew employers it puts where."""

    gid: str
    kind: str
    districts: list[str]
    persons: list[Person]
    enterprises: list[tuple[Enterprise, str]]  # (enterprise, district where it appears)
    bottoms: dict[str, tuple[Party, ...]]
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    """district → {enterprise key → the variant name written there}."""
    projects: list[str] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {e.key for e, _ in self.enterprises} | {p.rid for p in self.persons}


def plant(rng: random.Random, reg: Registry, scale: ScaleParams) -> list[GroupPlan]:
    """``scale.cross_groups`` groups, kinds in turn, each over 2–3 districts."""
    plans: list[GroupPlan] = []
    for index in range(scale.cross_groups):
        kind = KINDS[index % len(KINDS)]
        districts = _districts(rng, scale)
        gid = f"G-{index + 1:04d}"
        maker = {"controller": _controller, "foreman": _foreman, "name_variant": _variant}[kind]
        plans.append(maker(rng, reg, gid, districts, index // len(KINDS)))
    return plans


def _districts(rng: random.Random, scale: ScaleParams) -> list[str]:
    if scale.guest_districts:
        extra = rng.randint(1, min(2, len(scale.guest_districts)))
        return [scale.districts[0], *rng.sample(scale.guest_districts, extra)]
    return rng.sample(scale.districts, rng.randint(2, 3))


def _controller(
    rng: random.Random, reg: Registry, gid: str, districts: list[str], round_: int
) -> GroupPlan:
    boss = reg.person("31", male_share=0.9)
    companies: list[tuple[Enterprise, str]] = []
    for index, district in enumerate(districts):
        company = reg.enterprise(district, "labour")
        if index == 0:
            company.officers[0] = Officer(boss, "legal_rep")
        company.officers.append(Officer(boss, "controller"))
        companies.append((company, district))
    bottoms: dict[str, tuple[Party, ...]] = {d: (c,) for c, d in companies}
    return GroupPlan(gid, "controller", districts, [boss], companies, bottoms)


def _foreman(
    rng: random.Random, reg: Registry, gid: str, districts: list[str], round_: int
) -> GroupPlan:
    boss = reg.foreman(districts[0], reuse=0.0)
    return GroupPlan(gid, "foreman", districts, [boss], [], dict.fromkeys(districts, (boss,)))


def _variant(
    rng: random.Random, reg: Registry, gid: str, districts: list[str], round_: int
) -> GroupPlan:
    """Variants alternate between half-width brackets (even rounds) and 有限公司/有限责任公司."""
    home = districts[0]
    brackets = round_ % 2 == 0
    name = reg.unique_name(
        lambda r: _bracketed(r) if brackets else names.enterprise_name(r, names.LABOUR_TRADES)
    )
    company = reg.enterprise(home, "labour", name=name)
    variant = names.variant_of(name, "brackets" if brackets else "form")
    plan = GroupPlan(
        gid,
        "name_variant",
        districts,
        [company.officers[0].person],
        [(company, home)],
        {home: (company,)},
    )
    for district in districts[1:]:
        branch = _branch_office(reg, company, district)
        plan.enterprises.append((branch, district))
        plan.bottoms[district] = (company, branch)
        plan.aliases[district] = {company.key: variant}
    return plan


def _bracketed(rng: random.Random) -> str:
    return f"{names.brand(rng)}{rng.choice(names.LABOUR_TRADES)}（上海）{rng.choice(names.FORMS)}"


def _branch_office(reg: Registry, company: Enterprise, district: str) -> Enterprise:
    """'…有限公司闵行分公司', registered in ``district``, run by the company's legal rep."""
    place = area_registry().name(district).removesuffix("新区").removesuffix("区")
    branch = reg.enterprise(district, "labour", name=f"{company.name}{place}分公司")
    branch.officers[:] = [Officer(company.officers[0].person, "manager")]
    return branch
