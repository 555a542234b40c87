"""Liability: who must pay the workers, in what capacity, on which article (zhiqian-liability/1).

Answers about the graph may name a person (a foreman, an individual contractor): their names
reach investigators and admins whose scope covers the case or project (an audited
personal-data read); other roles get them masked ('王某') in every text field.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Path, Query, Request

from api.deps import Caller, CallerDep
from api.errors import ERROR_RESPONSES, BadRequest
from api.present import liability_answer, person_names
from graph.enums import Label
from graph.errors import Forbidden, InvalidValue, NotFound
from graph.store.records import NodeRef
from queries.liability import Answer, evaluate, load_scenario
from queries.liability.facts import Facts
from queries.liability.graph_route import facts_for_case, facts_for_project, facts_for_worker

router = APIRouter(prefix="/v1/liability", tags=["清偿责任 Liability"], responses=ERROR_RESPONSES)

DecidedOn = Annotated[date | None, Query(
    title="决定日期", description="按该日有效的规则认定（默认今天）",
    openapi_examples={"日期": {"value": "2024-06-01"}})]
CodePath = Annotated[str, Path(title="项目编号", min_length=1, max_length=64,
                               openapi_examples={"项目": {"value": "P-001"}})]
SCENARIO_EXAMPLE = {
    "format": "zhiqian-scenario/1",
    "id": "EX-01",
    "title": "总包将劳务分包给个人，包工头欠薪",
    "decided_on": "2024-06-01",
    "project": {"name": "某小区二期", "sector": "building", "funding": "social"},
    "parties": [
        {"id": "OWNER", "name": "某置业有限公司", "role": "owner", "kind": "company"},
        {"id": "GC", "name": "某建设集团有限公司", "role": "general_contractor", "kind": "company",
         "licence": "valid", "qualification": "adequate"},
        {"id": "BOSS", "name": "张某", "role": "foreman", "kind": "individual"},
    ],
    "contracts": [
        {"from": "OWNER", "to": "GC", "kind": "general_contract"},
        {"from": "GC", "to": "BOSS", "kind": "let_to_individual"},
    ],
    "worker_groups": [{"id": "W1", "count": 30, "owed": 450000.00, "employed_by": "BOSS",
                       "claim": "wage"}],
}
PidPath = Annotated[str, Path(
    title="人员标识（哈希）", min_length=1, max_length=64,
    openapi_examples={"人员": {"value": "983603e26e0522619dda6f5438dc15de"}},
)]
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")


@router.get(
    "/cases/{case_id}",
    summary="案件清偿责任 Liability for a case",
    description="按案件投诉人所在班组与项目分包链，认定各方清偿责任、依据条文与刑事移送审查对象。",
)
def for_case(
    caller: CallerDep,
    case_id: Annotated[str, Path(title="案件编号", min_length=1, max_length=64,
                                 openapi_examples={"案件": {"value": "C-2024-0001"}})],
    decided_on: DecidedOn = None,
) -> Answer:
    caller.guard.require_case(case_id)
    facts = facts_for_case(caller.store, case_id, decided_on)
    return _present(caller, facts, in_scope=True, resource=f"Case:{case_id}")


@router.get(
    "/projects/{code}",
    summary="项目清偿责任 Liability for a project",
    description="项目上每个班组的清偿责任（班组以聚合人数与金额表示）。",
)
def for_project(caller: CallerDep, code: CodePath, decided_on: DecidedOn = None) -> Answer:
    facts = facts_for_project(caller.store, code, decided_on)
    return _present(caller, facts, in_scope=_covers_project(caller, facts),
                    resource=f"Project:{code}")


@router.get(
    "/projects/{code}/workers/{pid}",
    summary="工人清偿责任 Liability for a worker on a project",
    description="某工人（人员标识）在某项目上的工资由谁清偿；工人须在调用者管辖范围内。",
)
def for_worker(
    *,
    caller: CallerDep,
    code: CodePath,
    pid: PidPath,
    decided_on: DecidedOn = None,
) -> Answer:
    ref = NodeRef(Label.PERSON, pid)
    if caller.store.get_node(ref) is None:
        raise NotFound("person", pid)
    if not caller.guard.person_visible(ref):
        raise Forbidden(f"person {pid!r} is outside scope {caller.principal.scope_area}")
    facts = facts_for_worker(caller.store, pid, code, decided_on)
    return _present(caller, facts, in_scope=_covers_project(caller, facts),
                    resource=f"Project:{code}/Person:{pid}")


def _present(caller: Caller, facts: Facts, *, in_scope: bool, resource: str) -> Answer:
    """The engine's answer, with persons' names masked unless the caller may see them."""
    names = person_names(caller, [p.id for p in facts.parties if p.name])
    return liability_answer(caller, evaluate(facts), names, in_scope=in_scope, resource=resource)


def _covers_project(caller: Caller, facts: Facts) -> bool:
    """Whether the project's area is within the caller's scope."""
    return caller.principal.covers(facts.project.area)


@router.post(
    "/scenario",
    summary="情形清偿责任 Liability for a posted scenario",
    description="提交 zhiqian-scenario/1 情形（JSON，或 `Content-Type: application/yaml`"
    " 的 YAML），返回 zhiqian-liability/1 答复；不读写图谱。格式错误返回 422 并指明字段与取值。",
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "object", "title": "zhiqian-scenario/1"},
                             "examples": {"EX-01": {"summary": "包工头欠薪",
                                                    "value": SCENARIO_EXAMPLE}}},
        "application/yaml": {"schema": {"type": "string"}},
    }}},
)
async def for_scenario(caller: CallerDep, request: Request) -> Answer:
    return evaluate(load_scenario(await scenario_body(request)))


async def scenario_body(request: Request) -> dict[str, Any]:
    """The posted scenario as a mapping: JSON or YAML, parsed here (never handed to the engine
    as text, which it could take for a file path)."""
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip()
    raw = await request.body()
    try:
        data = yaml.safe_load(raw.decode("utf-8")) if kind in YAML_TYPES else json.loads(raw)
    except (yaml.YAMLError, ValueError) as exc:
        raise BadRequest(f"the scenario is not valid {'YAML' if kind in YAML_TYPES else 'JSON'}",
                         "情形文件无法解析") from exc
    if not isinstance(data, dict):
        raise InvalidValue("scenario", type(data).__name__, "is not a mapping of fields")
    return data
