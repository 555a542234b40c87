"""Graph views: nodes and edges that a drawing library (vis-network, Cytoscape, G6…) can use."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.schemas.common import ApiModel


class GraphNode(ApiModel):
    id: str = Field(title="节点标识", examples=["Project:P-001"])
    label: str = Field(title="标签", examples=["Project"])
    label_zh: str = Field(title="标签（中文）", examples=["项目"])
    key: str = Field(title="自然键", examples=["P-001"])
    caption: str = Field(title="显示名称", examples=["某小区二期"])
    redacted: bool = Field(False, title="已隐去", description="个人数据或范围外数据已隐去")
    properties: dict[str, Any] = Field(default_factory=dict, title="属性")


class GraphEdge(ApiModel):
    id: str = Field(title="关系标识", examples=["CONTRACTS_TO:Enterprise:A->Enterprise:B#P-001"])
    type: str = Field(title="关系类型", examples=["CONTRACTS_TO"])
    type_zh: str = Field(title="关系类型（中文）", examples=["发包/分包"])
    source: str = Field(title="起点", examples=["Enterprise:91310000MA1FL00001"])
    target: str = Field(title="终点", examples=["Enterprise:91310000MA1FL00002"])
    key: str = Field("", title="区分键")
    properties: dict[str, Any] = Field(default_factory=dict, title="属性")


class GraphView(ApiModel):
    """A drawable subgraph; ``more`` counts nodes left out by the cap."""

    nodes: list[GraphNode] = Field(title="节点")
    edges: list[GraphEdge] = Field(title="关系")
    more: int = Field(0, title="未显示节点数", ge=0)
    more_label: str | None = Field(None, title="未显示提示", examples=["另有 12 个节点未显示"])
