"""Agencies (city, district, street) and the officials who can own cases (包案)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from graph.areas import area_registry
from loaders.synthetic import names
from loaders.synthetic.params import SHANGHAI_CITY


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    kind: str
    level: str
    area: str
    sectors: tuple[str, ...] = ()
    parent: str = ""
    serves: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Official:
    id: str
    name: str
    title: str
    rank: int
    agency: str


# (suffix of id, name pattern, kind, sectors, parent suffix, city counterpart)
_CITY = (
    ("HR", "上海市人力资源和社会保障局", "人社局", (), ""),
    ("LI", "上海市劳动保障监察总队", "劳动保障监察", (), "HR"),
    ("CN", "上海市住房和城乡建设管理委员会", "建管委", ("building", "municipal"), ""),
    ("TR", "上海市交通委员会", "交通委", ("transport",), ""),
    ("WA", "上海市水务局", "水务局", ("water",), ""),
    ("PE", "上海市信访办公室", "信访办", (), ""),
    ("LG", "上海市根治拖欠农民工工资工作领导小组", "领导小组", (), ""),
)
_DISTRICT = (
    ("GOV", "{}人民政府", "区政府", (), "", ""),
    ("HR", "{}人力资源和社会保障局", "人社局", (), "", "HR"),
    ("LI", "{}劳动保障监察大队", "劳动保障监察", (), "HR", "LI"),
    ("AR", "{}劳动人事争议仲裁委员会", "仲裁委", (), "HR", ""),
    ("CN", "{}建设和管理委员会", "建管委", ("building", "municipal"), "", "CN"),
    ("TR", "{}交通委员会", "交通委", ("transport",), "", "TR"),
    ("WA", "{}水务局", "水务局", ("water",), "", "WA"),
    ("PS", "上海市公安局{}分局", "公安", (), "", ""),
    ("CT", "上海市{}人民法院", "法院", (), "", ""),
    ("PR", "上海市{}人民检察院", "检察院", (), "", ""),
    ("UN", "{}总工会", "总工会", (), "", ""),
    ("PE", "{}信访办公室", "信访办", (), "GOV", "PE"),
    ("LG", "{}根治拖欠农民工工资工作领导小组", "领导小组", (), "GOV", "LG"),
)
_STREET_TITLES = ("党工委副书记", "办事处副主任", "平安办主任", "社区服务办主任")
_TOWN_TITLES = ("党委副书记", "副镇长", "平安办主任", "社区服务办主任")
_HR_TITLES = ((4, "局长"), (3, "副局长"), (3, "副局长"), (2, "劳动关系科科长"), (2, "监察科科长"))
_GOV_TITLES = ((5, "区长"), (4, "副区长"), (4, "副区长"))


def city_agencies() -> list[Agency]:
    city = SHANGHAI_CITY
    return [
        Agency(f"A-{city}-{s}", n, k, "city", city, sec, f"A-{city}-{p}" if p else "", (city,))
        for s, n, k, sec, p in _CITY
    ]


def district_agencies(district: str) -> list[Agency]:
    """The district's bureaus, and a government for each of its streets and towns."""
    reg = area_registry()
    name = reg.name(district)
    out = [
        Agency(
            f"A-{district}-{s}",
            pattern.format(name),
            kind,
            "district",
            district,
            sec,
            f"A-{district}-{p}" if p else (f"A-{SHANGHAI_CITY}-{c}" if c else ""),
            (district,),
        )
        for s, pattern, kind, sec, p, c in _DISTRICT
    ]
    for street in reg.children(district):
        street_name = reg.name(street)
        title = f"{street_name}办事处" if street_name.endswith("街道") else f"{street_name}人民政府"
        out.append(
            Agency(
                f"A-{street}",
                title,
                "街镇政府",
                "street",
                street,
                parent=f"A-{district}-GOV",
                serves=(street,),
            )
        )
    return out


def officials(rng: random.Random, agencies: list[Agency]) -> list[Official]:
    """2–4 officials per street government (ranks 2–3), 3–5 per district HR bureau (2–4),
    2–3 per district government (4–5), one leader for every other agency (rank 3)."""
    out: list[Official] = []
    for agency in agencies:
        for rank, title in _posts(rng, agency):
            out.append(
                Official(
                    f"O-{agency.id[2:]}-{len(out) + 1:05d}",
                    names.person_name(rng),
                    title,
                    rank,
                    agency.id,
                )
            )
    return out


def _posts(rng: random.Random, agency: Agency) -> list[tuple[int, str]]:
    if agency.kind == "街镇政府":
        titles = _STREET_TITLES if agency.name.endswith("办事处") else _TOWN_TITLES
        return [(3 if i < 2 else 2, titles[i]) for i in range(rng.randint(2, 4))]
    if agency.kind == "人社局" and agency.level == "district":
        return list(_HR_TITLES[: rng.randint(3, 5)])
    if agency.kind == "区政府":
        return list(_GOV_TITLES[: rng.randint(2, 3)])
    return [(3, "主要负责人")]
