"""Graph views for visual exploration: neighbourhood, path between two entities, project chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import CallerDep
from api.errors import ERROR_RESPONSES
from api.present import Presenter, node_id, public_props
from api.schemas.graph import GraphEdge, GraphNode, GraphView
from graph.enums import Label, RelType
from graph.store.records import ContractingGraph, NodeRef, Subgraph

router = APIRouter(prefix="/v1/graph", tags=["图谱视图 Graph views"], responses=ERROR_RESPONSES)

LabelPath = Annotated[Label, Path(title="节点标签", openapi_examples={
    "项目": {"summary": "项目", "value": "Project"},
    "企业": {"summary": "企业", "value": "Enterprise"},
})]
KeyPath = Annotated[str, Path(title="自然键", min_length=1, max_length=200, openapi_examples={
    "项目编号": {"summary": "项目编号", "value": "P-001"},
})]
MAX_DEPTH = 4
MAX_CAP = 500


@router.get(
    "/nodes/{label}/{key}/neighbourhood",
    summary="节点邻域 Neighbourhood of a node",
    description="某节点 depth 跳以内的节点与关系（双向），最多 cap 个节点；超出部分以"
    " `more`（“另有 N 个节点未显示”）提示。人员与范围外案件按角色与管辖范围隐去。",
)
def neighbourhood(
    *,
    caller: CallerDep,
    label: LabelPath,
    key: KeyPath,
    depth: Annotated[int, Query(title="深度", ge=1, le=MAX_DEPTH, openapi_examples={
        "一跳": {"value": 1}, "两跳": {"value": 2}})] = 1,
    cap: Annotated[int, Query(title="节点上限", ge=1, le=MAX_CAP, openapi_examples={
        "默认": {"value": 100}})] = 100,
) -> GraphView:
    ref = NodeRef(label, key)
    return _present(caller, caller.store.neighbourhood(ref, depth, cap), str(ref))


@router.get(
    "/path",
    summary="两实体间路径 Path between two entities",
    description="两个节点之间（不计方向）的一条最短路径；不存在或超过 max_depth 时返回空图。",
)
def path(
    *,
    caller: CallerDep,
    from_label: Annotated[Label, Query(title="起点标签", openapi_examples={
        "企业": {"value": "Enterprise"}})],
    from_key: Annotated[str, Query(title="起点键", min_length=1, max_length=200,
                                   openapi_examples={"企业": {"value": "91310115MA1K000017"}})],
    to_label: Annotated[Label, Query(title="终点标签", openapi_examples={
        "项目": {"value": "Project"}})],
    to_key: Annotated[str, Query(title="终点键", min_length=1, max_length=200,
                                 openapi_examples={"项目": {"value": "P-001"}})],
    max_depth: Annotated[int, Query(title="最大跳数", ge=1, le=8, openapi_examples={
        "默认": {"value": 6}})] = 6,
) -> GraphView:
    a, b = NodeRef(from_label, from_key), NodeRef(to_label, to_key)
    return _present(caller, caller.store.shortest_path(a, b, max_depth), f"{a}..{b}")


@router.get(
    "/projects/{code}/chain",
    summary="项目分包链 A project's contracting chain",
    description="项目的发包/分包、挂靠、劳务派遣关系及各方的法定代表人/实际控制人；"
    "各班组以聚合节点（Crew：人数、欠薪合计）表示，不含个人信息。",
)
def chain(caller: CallerDep, code: KeyPath) -> GraphView:
    cg = caller.store.contracting_graph(code)
    presenter = Presenter(caller)
    view = presenter.graph(_chain_subgraph(cg))
    presenter.audit_personal("graph.chain.read", f"Project:{code}")
    crews = [_crew_node(code, i, c.workers, c.owed_total, c.months_owed_max)
             for i, c in enumerate(cg.crews)]
    crew_edges = [_crew_edge(code, i, node_id(c.employer)) for i, c in enumerate(cg.crews)]
    return GraphView(nodes=[*view.nodes, *crews], edges=[*view.edges, *crew_edges])


def _present(caller: CallerDep, sub: Subgraph, resource: str) -> GraphView:
    presenter = Presenter(caller)
    view = presenter.graph(sub)
    presenter.audit_personal("graph.read", resource)
    return view


def _chain_subgraph(cg: ContractingGraph) -> Subgraph:
    parties = tuple(cg.parties[r] for r in sorted(cg.parties))
    rels = (*cg.contracts, *cg.name_lending, *cg.dispatch, *cg.officers)
    return Subgraph((cg.project, *parties), rels)


def _crew_node(project: str, index: int, workers: int, owed: int, months: int) -> GraphNode:
    props = public_props({"workers": workers, "owed_total": owed, "months_owed_max": months})
    return GraphNode(id=f"Crew:{project}#{index}", label="Crew", label_zh="班组（聚合）",
                     key=f"{project}#{index}", caption=f"{workers} 名工人", properties=props)


def _crew_edge(project: str, index: int, employer: str) -> GraphEdge:
    source = f"Crew:{project}#{index}"
    return GraphEdge(id=f"EMPLOYED_BY:{source}->{employer}#{project}",
                     type=RelType.EMPLOYED_BY.value, type_zh="受雇于", source=source,
                     target=employer, key=project)
