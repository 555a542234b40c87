"""Who coordinates a cross-district group, and what each district owes.

Jurisdiction follows the place of employment (《劳动保障监察条例》Art 13, RULES.md §2 R-L13):
the lead district is the site district with the most workers (or the largest amount, by
policy); the others co-handle. A dispute goes to the common superior, so the coordinating
authority is the lowest common superior of the districts: the city bureau within one city,
the provincial department within one province, cross-province cooperation otherwise.
Assistance requests default to 10 working days (the 川渝 agreement, RULES.md §2).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from graph.areas import area_registry
from queries.crossdistrict.inputs import AgencyFact, EnterpriseFact
from queries.crossdistrict.models import Coordinator, CoordinatorLevel, DistrictStat, LeadBy, Task

BASIS = "《劳动保障监察条例》第十三条（用工所在地管辖；争议报共同上一级指定）；RULES.md §2 R-L13"
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
ASSIST_KINDS = ("文书送达协助", "财产查控")


def lead_district(stats: Sequence[DistrictStat], lead_by: LeadBy) -> str:
    """Most workers (or amount), then the other measure, then more cases, then the code."""

    def rank(s: DistrictStat) -> tuple[int, int, int, str]:
        measures = (s.workers, s.amount_fen)
        first, second = measures if lead_by == "workers" else measures[::-1]
        return (-first, -second, -s.cases, s.code)

    return min(stats, key=rank).code


@lru_cache(maxsize=4096)
def area_full_name(code: str) -> str:
    """'上海市浦东新区' (cached: a city-wide run names the same districts thousands of times)."""
    return area_registry().full_name(code)


@lru_cache(maxsize=4096)
def area_name(code: str) -> str:
    return area_registry().name(code)


def hr_department(province_or_city: str) -> str:
    """The HR department of a province or city: '江苏省人力资源和社会保障厅',
    '上海市人力资源和社会保障局' (municipality), '江苏省南京市人力资源和社会保障局'."""
    name = area_full_name(province_or_city)
    province_dept = len(province_or_city) == 2 and province_or_city not in MUNICIPALITIES
    return name + ("人力资源和社会保障厅" if province_dept else "人力资源和社会保障局")


def coordinator(districts: Iterable[str], agencies: Iterable[AgencyFact] = ()) -> Coordinator:
    """The lowest common superior of the districts, named, with matching agencies in the graph."""
    codes = sorted(set(districts))
    common = area_registry().lowest_common_superior(codes)
    if common is None:
        provinces = sorted({c[:2] for c in codes})
        names = "、".join(hr_department(p) for p in provinces)
        ids = tuple(a.id for a in agencies if a.area in provinces)
        return Coordinator(
            level="cross_province",
            area=None,
            name=f"跨省协作：{names}",
            agency_ids=ids,
            basis=BASIS,
        )
    level, top = _level_of(common)
    ids = tuple(a.id for a in agencies if a.area in {common, top, common[:4]})
    return Coordinator(level=level, area=top, name=hr_department(top), agency_ids=ids, basis=BASIS)


def _level_of(common: str) -> tuple[CoordinatorLevel, str]:
    """A municipality (上海) is one city: its bureau is the city bureau at province level."""
    if common[:2] in MUNICIPALITIES:
        return "city", common[:2]
    if len(common) >= 4:
        return "city", common[:4]
    return "province", common


def span_of(districts: Iterable[str]) -> str:
    """跨区 within one city, 跨市 within one province, 跨省 otherwise."""
    codes = sorted(set(districts))
    if len({c[:2] for c in codes}) > 1:
        return "跨省"
    if len({c[:4] for c in codes}) > 1 and codes[0][:2] not in MUNICIPALITIES:
        return "跨市"
    return "跨区"


@lru_cache(maxsize=1024)
def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start`` (Chinese public holidays and 调休 where known)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        days -= _is_workday(current)
    return current


def _is_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # year outside the calendar's data: plain weekdays
        return day.weekday() < 5


def tasks_for(
    lead: str,
    districts: Sequence[str],
    defaulters: Iterable[tuple[EnterpriseFact, Sequence[str]]],
    today: date,
    due_days: int,
) -> tuple[Task, ...]:
    """Assistance requests for each co-handling district; integrity-file notices to the
    home district of each defaulter that owes in a district other than its registration
    (defaulters come with the districts where they owe)."""
    due = add_working_days(today, due_days)
    subject = f"协助{area_full_name(lead)}办理"
    out = [
        Task(district=d, district_name=area_full_name(d), kind=kind, subject=subject, due=due)
        for d in districts
        if d != lead
        for kind in ASSIST_KINDS
    ]
    for ent, owing in sorted(defaulters, key=lambda pair: pair[0].eid):
        home = (ent.area or "")[:6]
        if len(home) == 6 and any(d != home for d in owing):
            name = area_full_name(home)
            who = f"{ent.name}（{ent.eid}）"
            out.append(
                Task(district=home, district_name=name, kind="诚信档案通报", subject=who, due=due)
            )
    return tuple(out)
