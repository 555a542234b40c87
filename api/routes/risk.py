"""Risk monitoring (风险监测预警) and the key-supervision list (重点监管服务名单).

Reads: the risk ledger (JSON page, CSV or XLSX), one enterprise's or project's grade with
its contributions, the warnings, the list and its overdue visits. Writes (investigator or
admin): manual entry, exit (refused with 409 while an entry condition still holds), visits;
every write is audited.

Scope: every row has a place — a project's area, an enterprise's place of employment
(:func:`queries.risk.assess.place_of`) — and a principal sees the rows whose place lies in
its scope; rows without a recorded place only city-wide (or wider) principals see.

The whole-city assessment costs seconds at city scale, so it is computed at most once per
app, ``as_of`` day and policy and kept on ``app.state`` (:class:`RiskCache`); watchlist
entries and exits made here drop it (visits do not: the assessment holds none).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from api.auth import Principal
from api.deps import Caller, CallerDep, WriterDep
from api.errors import ERROR_RESPONSES
from api.routes.ledgers import DOWNLOADS, Format, file_response
from api.schemas.common import ApiModel, Page, Paging, paging
from graph.enums import Label
from graph.errors import Conflict, Forbidden, InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from queries.risk import watchlist as wl
from queries.risk.assess import Assessment, assess, place_of, route_score
from queries.risk.ledger import LedgerRow, ledger_rows, write_csv, write_xlsx
from queries.risk.policy import RiskPolicy, default_policy
from queries.risk.rules import RiskWarning
from queries.risk.score import GRADE_TITLES, Contribution, RiskScore

router = APIRouter(prefix="/v1", tags=["风险监测 Risk"], responses=ERROR_RESPONSES)

CACHE_DAYS = 4
"""How many (as_of, policy) assessments one app keeps (least recently used goes first)."""


# ------------------------------------------------------------------ the cached assessment


@dataclass(slots=True)
class _Entry:
    assessment: Assessment
    ledger: list[LedgerRow] | None = None


class RiskCache:
    """Assessments (and their ledger rows) by (as_of, policy), each computed at most once
    until :meth:`invalidate`.

    One lock serialises computations (two first requests do not both pay for the city);
    a generation counter keeps an assessment that was under way during an invalidation
    from being stored.
    """

    def __init__(self, size: int = CACHE_DAYS) -> None:
        self.size = size
        self.computed = 0
        self._lock = threading.Lock()
        self._generation = 0
        self._entries: OrderedDict[tuple[date, str], _Entry] = OrderedDict()

    def get(self, store: GraphStore, as_of: date, policy: RiskPolicy) -> Assessment:
        return self._entry(store, as_of, policy).assessment

    def ledger(self, store: GraphStore, as_of: date, policy: RiskPolicy) -> list[LedgerRow]:
        """Every ledger row of the assessment (built once per assessment)."""
        entry = self._entry(store, as_of, policy)
        if entry.ledger is None:
            entry.ledger = ledger_rows(entry.assessment)
        return entry.ledger

    def _entry(self, store: GraphStore, as_of: date, policy: RiskPolicy) -> _Entry:
        key = (as_of, policy.model_dump_json())
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            generation = self._generation
            found = _Entry(assess(store, as_of, policy))
            self.computed += 1
            if generation == self._generation:
                self._entries[key] = found
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            return found

    def invalidate(self) -> None:
        """Forget every assessment (after a write that changes what they were built from)."""
        self._generation += 1
        self._entries = OrderedDict()


_STATE_LOCK = threading.Lock()


async def get_risk_cache(request: Request) -> RiskCache:
    """The app's risk cache (``app.state.risk_cache``), made on first use."""
    state = request.app.state
    with _STATE_LOCK:
        if getattr(state, "risk_cache", None) is None:
            state.risk_cache = RiskCache()
    cache: RiskCache = state.risk_cache
    return cache


async def get_risk_policy() -> RiskPolicy:
    """The shipped risk policy (read once per process)."""
    return default_policy()


CacheDep = Annotated[RiskCache, Depends(get_risk_cache)]
RiskPolicyDep = Annotated[RiskPolicy, Depends(get_risk_policy)]


# ------------------------------------------------------------------ parameters and models


class Grade(StrEnum):
    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"


class Kind(StrEnum):
    ENTERPRISE = "enterprise"
    PROJECT = "project"


AsOfQuery = Annotated[date | None, Query(
    title="评估日期", description="YYYY-MM-DD，默认今天；同一天的评估结果在服务内缓存",
    openapi_examples={"评估日": {"value": "2025-06-30"}})]
DistrictFilter = Annotated[str | None, Query(
    title="区县或街镇代码", description="6 位区县代码或 9 位街镇代码（按所在地前缀过滤）",
    pattern=r"^\d{6}(\d{3})?$", openapi_examples={"浦东": {"value": "310115"}})]
EidPath = Annotated[str, Path(title="企业标识",
                              description="统一社会信用代码（或无代码单位的 X- 标识）",
                              min_length=1, max_length=64,
                              openapi_examples={"企业": {"value": "91310115MA1K000016"}})]


class Explanation(ApiModel):
    kind: str = Field(title="对象类别", examples=["enterprise"])
    key: str = Field(title="标识", examples=["91310115MA1K000016"])
    name: str = Field(title="名称", examples=["上海某建设集团有限公司"])
    score: float = Field(title="风险分", examples=[52.0])
    grade: str | None = Field(title="风险等级",
                              description="red | orange | yellow | blue | null（低风险）")
    grade_zh: str = Field(title="等级", examples=["橙色"])
    contributions: list[Contribution] = Field(title="构成（分值从高到低）")
    lines: list[str] = Field(title="说明", examples=[["+25.0 在欠 3 人工资 15,000.00 元"]])
    measures: list[str] = Field(title="处置措施")
    responsible_unit: str | None = Field(None, title="责任单位")
    area: str | None = Field(None, title="所在区划", examples=["310115004"])
    as_of: str = Field(title="评估日期", examples=["2025-06-30"])


class WarningItem(RiskWarning):
    """A warning with the place and names of its project and enterprise."""

    area: str | None = Field(None, title="项目所在区划", examples=["310115004"])
    project_name: str | None = Field(None, title="项目名称")
    enterprise_name: str | None = Field(None, title="企业名称")


class WatchItem(ApiModel):
    eid: str = Field(title="企业标识", examples=["91310115MA1K000016"])
    name: str = Field(title="企业名称")
    since: str | None = Field(title="纳入日期", examples=["2025-06-01"])
    reason: str = Field(title="纳入原因")
    current_reasons: list[str] = Field(title="当前仍满足的纳入条件")
    exit_allowed: bool = Field(title="可移出", description="纳入条件均已消除时为 true")
    area: str | None = Field(None, title="用工地区划")


class WatchEntry(ApiModel):
    eid: str = Field(title="企业标识", min_length=1, max_length=64)
    reason: str = Field(title="纳入原因", min_length=1, max_length=500)


class WatchExit(ApiModel):
    eid: str = Field(title="企业标识")
    name: str = Field(title="企业名称")
    watchlist: bool = Field(title="仍在名单中", examples=[False])
    reason: str = Field(title="移出原因")
    on: str = Field(title="移出日期", examples=["2025-06-30"])


class VisitIn(ApiModel):
    visitor: str = Field(title="走访干部编号", min_length=1, max_length=64, examples=["O-1"])
    agency: str | None = Field(None, title="走访部门编号", max_length=64,
                               description="默认为调用者所属部门")
    date: dt.date | None = Field(None, title="走访日期", description="默认今天；不得晚于今天")
    notes: str = Field("", title="走访情况", max_length=2000)


class VisitOut(ApiModel):
    id: str = Field(title="走访编号", examples=["V-3F9A1C2D4E5B6A7C"])
    eid: str = Field(title="企业标识")
    date: str = Field(title="走访日期")
    visitor: str = Field(title="走访干部编号")
    agency: str = Field(title="走访部门编号")


class OverdueItem(wl.OverdueVisit):
    area: str | None = Field(None, title="用工地区划")


ENTRY_EXAMPLES = {"手工纳入": {"summary": "因舆情线索手工纳入", "value": {
    "eid": "91310115MA1K000016", "reason": "舆情反映春节前可能集中欠薪，纳入重点监管"}}}
VISIT_EXAMPLES = {"走访": {"summary": "一次指导走访", "value": {
    "visitor": "O-1", "agency": "PD-LI", "date": "2025-06-30", "notes": "核查专户发放记录"}}}


# ------------------------------------------------------------------ scope helpers


def _sees(principal: Principal, area: str | None) -> bool:
    """Whether a row with this place is visible: in scope; placeless rows city-wide only."""
    return principal.covers(area) if area else len(principal.scope_area) <= 4


def _check_district(principal: Principal, district: str | None) -> None:
    """A district filter must overlap the scope (403 otherwise)."""
    scope = principal.scope_area
    if district and not (district.startswith(scope) or scope.startswith(district)):
        raise Forbidden(f"district {district} is outside scope {scope}")


def _in(area: str | None, district: str | None) -> bool:
    return district is None or bool(area and area.startswith(district))


def _assessment(caller: Caller, cache: RiskCache, policy: RiskPolicy,
                as_of: date | None) -> Assessment:
    """The (cached) assessment as of the day asked for, or today."""
    return cache.get(caller.store, as_of or date.today(), policy)


# ------------------------------------------------------------------ risk


@router.get(
    "/risk/ledger",
    summary="风险台账 Risk ledger",
    description="管辖范围内有风险等级的企业与项目，按风险分倒序：等级、分值、主要原因、责任单位、"
    "处置措施、是否在重点监管名单、所在区划。可按区县/街镇与等级过滤；`format=csv|xlsx` "
    "下载全部行（中文表头），`json` 分页返回。",
    response_model=Page[LedgerRow],
    responses=DOWNLOADS,
)
def risk_ledger(
    *,
    caller: CallerDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    pages: Annotated[Paging, Depends(paging)],
    district: DistrictFilter = None,
    grade: Annotated[Grade | None, Query(title="风险等级", openapi_examples={
        "红色": {"value": "red"}})] = None,
    as_of: AsOfQuery = None,
    format: Annotated[Format, Query(title="格式", openapi_examples={
        "Excel": {"value": "xlsx"}})] = Format.JSON,
) -> Any:
    _check_district(caller.principal, district)
    every = cache.ledger(caller.store, as_of or date.today(), policy)
    wanted = GRADE_TITLES[grade.value] if grade else None
    rows = [r for r in every if _sees(caller.principal, r.area)
            and _in(r.area, district) and (wanted is None or r.grade == wanted)]
    if format is not Format.JSON:
        return _download(rows, format, f"risk-ledger-{district or caller.principal.scope_area}")
    return pages.cut(rows)


def _download(rows: list[LedgerRow], format: Format, name: str) -> Response:
    writer = write_csv if format is Format.CSV else write_xlsx
    return file_response(lambda path: writer(rows, path), format, name)


@router.get(
    "/risk/explain/{kind}/{key}",
    summary="风险解释 Explain a grade",
    description="一个企业（统一社会信用代码）或项目（项目编号）的风险分、等级、每项构成及原因、"
    "处置措施与责任单位。未知对象 404，所在地不在管辖范围内 403。",
)
def explain(
    *,
    caller: CallerDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    kind: Annotated[Kind, Path(title="对象类别", openapi_examples={
        "企业": {"value": "enterprise"}, "项目": {"value": "project"}})],
    key: Annotated[str, Path(title="标识", min_length=1, max_length=64, openapi_examples={
        "企业": {"value": "91310115MA1K000016"}})],
    as_of: AsOfQuery = None,
) -> Explanation:
    a = _assessment(caller, cache, policy, as_of)
    key = _normal_key(kind, key)
    score = _score(a, kind, key)
    area = place_of(kind.value, key, a.facts)
    if not _sees(caller.principal, area):
        raise Forbidden(f"{kind.value} {key!r} lies outside scope {caller.principal.scope_area}")
    return Explanation(
        **score.model_dump(include={"kind", "key", "name", "score", "grade", "grade_zh",
                                    "responsible_unit"}),
        contributions=list(score.contributions), lines=score.explain(),
        measures=list(policy.measures.get(score.grade or "", ())), area=area,
        as_of=a.facts.as_of.isoformat(),
    )


def _normal_key(kind: Kind, key: str) -> str:
    key = key.strip()
    return key.upper() if kind is Kind.ENTERPRISE and len(key) == 18 else key


def _score(a: Assessment, kind: Kind, key: str) -> RiskScore:
    """The routed score of a known enterprise or project (score 0, no grade, when unscored)."""
    found = (a.facts.projects if kind is Kind.PROJECT else a.facts.enterprises).get(key)
    if found is None:
        raise NotFound(kind.value, key)
    pool = a.risk.projects if kind is Kind.PROJECT else a.risk.enterprises
    score = pool.get(key) or RiskScore(kind=kind.value, key=key, name=found.name, score=0,
                                       grade=None, grade_zh="低", contributions=())
    return score if score.responsible_unit else route_score(score, a.facts, a.router)


@router.get(
    "/risk/warnings",
    summary="预警清单 Warnings",
    description="管辖范围内项目的预警：规则、条例依据、事实、项目与企业、责任单位。"
    "可按项目、规则（如 `W01` 或完整编号）与区县/街镇过滤。",
)
def warnings(
    *,
    caller: CallerDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    pages: Annotated[Paging, Depends(paging)],
    project: Annotated[str | None, Query(title="项目编号", min_length=1, max_length=64,
                                         openapi_examples={"项目": {"value": "P-PD"}})] = None,
    rule: Annotated[str | None, Query(title="预警规则", pattern=r"^W\d{2}(_[a-z_]+)?$",
                                      openapi_examples={"W05": {"value": "W05"}})] = None,
    district: DistrictFilter = None,
    as_of: AsOfQuery = None,
) -> Page[WarningItem]:
    _check_district(caller.principal, district)
    a = _assessment(caller, cache, policy, as_of)
    if project is not None:
        _check_project(caller.principal, a, project)
    found = [w for w in a.risk.warnings if (project is None or w.project == project)
             and (rule is None or w.rule_id.startswith(rule))
             and _in(area := _warning_area(w, a), district) and _sees(caller.principal, area)]
    page = pages.cut(found)
    return Page[WarningItem](items=[_warning_item(w, a) for w in page.items], total=page.total,
                             page=page.page, size=page.size)


def _warning_area(w: RiskWarning, a: Assessment) -> str | None:
    project = a.facts.projects.get(w.project or "")
    return (project.area or None) if project else None


def _check_project(principal: Principal, a: Assessment, code: str) -> None:
    found = a.facts.projects.get(code)
    if found is None:
        raise NotFound("project", code)
    if not _sees(principal, found.area or None):
        raise Forbidden(f"project {code!r} lies outside scope {principal.scope_area}")


def _warning_item(w: RiskWarning, a: Assessment) -> WarningItem:
    project = a.facts.projects.get(w.project or "")
    firm = a.facts.enterprises.get(w.enterprise or "")
    return WarningItem(**w.model_dump(), area=_warning_area(w, a),
                       project_name=project.name if project else None,
                       enterprise_name=firm.name if firm else None)


# ------------------------------------------------------------------ the watchlist


@router.get(
    "/watchlist",
    summary="重点监管服务名单 Key-supervision list",
    description="管辖范围内在名单中的企业：纳入日期与原因、当前仍满足的纳入条件、是否可移出。",
)
def list_watchlist(
    caller: CallerDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    pages: Annotated[Paging, Depends(paging)],
    as_of: AsOfQuery = None,
) -> Page[WatchItem]:
    a = _assessment(caller, cache, policy, as_of)
    rows = [_watch_item(e, a) for e in wl.listed(caller.store, a)]
    return pages.cut([r for r in rows if _sees(caller.principal, r.area)])


def _watch_item(e: wl.ListEntry, a: Assessment) -> WatchItem:
    return WatchItem(eid=e.eid, name=e.name, since=e.since, reason=e.reason,
                     current_reasons=list(e.current_reasons), exit_allowed=not e.current_reasons,
                     area=place_of("enterprise", e.eid, a.facts))


def _writable(caller: Caller, a: Assessment, eid: str) -> str:
    """The enterprise key, after checking it exists (404) and lies in scope (403)."""
    eid = _normal_key(Kind.ENTERPRISE, eid)
    record = caller.store.get_node(NodeRef(Label.ENTERPRISE, eid))
    if record is None:
        raise NotFound("enterprise", eid)
    known = eid in a.facts.enterprises
    area = place_of("enterprise", eid, a.facts) if known else record.get("registered_area")
    if not _sees(caller.principal, area):
        raise Forbidden(f"enterprise {eid!r} lies outside scope {caller.principal.scope_area}")
    return eid


def _actor(caller: Caller) -> str:
    return f"{caller.principal.name}（{caller.principal.id}）"


@router.post(
    "/watchlist",
    status_code=201,
    summary="纳入名单 Put on the list",
    description="手工将企业纳入重点监管服务名单（须写明原因；监察员或管理员）。已在名单中 409。",
)
def enter_watchlist(
    caller: WriterDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    entry: Annotated[WatchEntry, Body(openapi_examples=ENTRY_EXAMPLES)],
) -> WatchItem:
    today = date.today()
    a = _assessment(caller, cache, policy, today)
    eid = _writable(caller, a, entry.eid)
    if _listed(caller.store, eid):
        raise Conflict(f"enterprise {eid!r} is already on the key-supervision list")
    wl.add(caller.store, eid, _actor(caller), entry.reason, today)
    caller.audit("watchlist.enter", f"Enterprise:{eid}", on=today.isoformat())
    # entry conditions do not depend on the list itself: the pre-write assessment answers
    return next(_watch_item(e, a) for e in wl.listed(caller.store, a) if e.eid == eid)


def _listed(store: GraphStore, eid: str) -> bool:
    record = store.get_node(NodeRef(Label.ENTERPRISE, eid))
    return bool(record and record.get("watchlist"))


@router.delete(
    "/watchlist/{eid}",
    summary="移出名单 Take off the list",
    description="将企业移出名单（须写明整改情况；监察员或管理员）。仍满足任一纳入条件"
    "（高风险等级、多次或严重违法、经营重大变化）或不在名单中时 409。",
)
def exit_watchlist(
    caller: WriterDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    eid: EidPath,
    reason: Annotated[str, Query(title="移出原因", min_length=1, max_length=500, openapi_examples={
        "整改": {"value": "欠薪已全部清偿，专户恢复按月发放"}})],
) -> WatchExit:
    today = date.today()
    a = _assessment(caller, cache, policy, today)
    eid = _writable(caller, a, eid)
    wl.remove(caller.store, eid, _actor(caller), reason, a)
    caller.audit("watchlist.exit", f"Enterprise:{eid}", on=today.isoformat())
    record = caller.store.get_node(NodeRef(Label.ENTERPRISE, eid))
    name = str(record.get("name", eid)) if record else eid
    return WatchExit(eid=eid, name=name, watchlist=False, reason=reason, on=today.isoformat())


@router.post(
    "/watchlist/{eid}/visits",
    status_code=201,
    summary="记录走访 Record a visit",
    description="记录一次对企业的指导走访（同一企业、日期、干部只记一次）；监察员或管理员。",
)
def record_visit(
    caller: WriterDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    eid: EidPath,
    visit: Annotated[VisitIn, Body(openapi_examples=VISIT_EXAMPLES)],
) -> VisitOut:
    today = date.today()
    day = visit.date or today
    if day > today:
        raise InvalidValue("date", day.isoformat(), "is in the future")
    eid = _writable(caller, _assessment(caller, cache, policy, today), eid)
    agency = visit.agency or caller.principal.agency
    vid = wl.record_visit(caller.store, eid, day, visit.visitor, agency=agency, notes=visit.notes)
    caller.audit("watchlist.visit", f"Enterprise:{eid}", visit=vid, on=day.isoformat())
    return VisitOut(id=vid, eid=eid, date=day.isoformat(), visitor=visit.visitor, agency=agency)


@router.get(
    "/watchlist/overdue",
    summary="逾期未走访 Overdue visits",
    description="专项行动期间（策略 campaign_start/campaign_end）未达每周走访次数的名单企业、"
    "未走访周次、最近走访与责任单位；未设专项行动期间时为空。",
)
def overdue(
    caller: CallerDep,
    cache: CacheDep,
    policy: RiskPolicyDep,
    pages: Annotated[Paging, Depends(paging)],
    as_of: AsOfQuery = None,
) -> Page[OverdueItem]:
    a = _assessment(caller, cache, policy, as_of)
    rows = [OverdueItem(**o.model_dump(), area=place_of("enterprise", o.eid, a.facts))
            for o in wl.overdue_visits(caller.store, a)]
    return pages.cut([r for r in rows if _sees(caller.principal, r.area)])
