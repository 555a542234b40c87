"""Liveness, readiness and "who am I"."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from api.auth import Principal
from api.deps import CallerDep, ServicesDep
from api.errors import ERROR_RESPONSES, Problem
from api.schemas.common import ApiModel
from graph.enums import Label
from graph.errors import StoreError

router = APIRouter(tags=["运行状态 Health"])


class Health(ApiModel):
    status: str = Field(title="状态", examples=["ok"])


class Readiness(ApiModel):
    status: str = Field(title="状态", examples=["ready"])
    store: str = Field(title="存储后端", examples=["memory"])
    nodes: int = Field(title="节点数", ge=0, examples=[12345])


@router.get("/health", summary="存活检查 Liveness", description="进程在运行即返回 ok（无需认证）。")
def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    summary="就绪检查 Readiness",
    description="图存储可读时返回 ready 与节点数；否则 503（无需认证）。",
    responses={503: {"model": Problem, "description": "存储不可用"}},
)
def ready(services: ServicesDep) -> Readiness:
    store = services.store
    try:
        counts = store.counts()
    except OSError as exc:
        raise StoreError(f"the {store.name} store cannot be read: {exc}") from exc
    nodes = sum(counts.get(label.value, 0) for label in Label)
    return Readiness(status="ready", store=store.name, nodes=nodes)


@router.get(
    "/v1/me",
    summary="当前调用者 Who am I",
    description="返回当前 API 密钥所属主体：部门、管辖范围与角色。",
    responses=ERROR_RESPONSES,
    tags=["访问控制 Access"],
)
def me(caller: CallerDep) -> Principal:
    return caller.principal
