"""Read access to the audit log, for admins only. No route can change it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from api.deps import AdminDep
from api.errors import ERROR_RESPONSES
from api.schemas.common import ApiModel, Page, Paging, paging

router = APIRouter(prefix="/v1/audit", tags=["审计日志 Audit"], responses=ERROR_RESPONSES)


class AuditEntry(ApiModel):
    seq: int = Field(title="序号", examples=[42])
    at: str = Field(title="时间（UTC）", examples=["2026-11-21T11:40:00.000+00:00"])
    principal: str = Field(title="调用主体", examples=["k-3f9a1c2d"])
    action: str = Field(title="操作", examples=["case.read"])
    resource: str = Field(title="对象", examples=["Case:C-2024-0001"])
    detail: dict[str, Any] = Field(title="详情（不含个人数据）", examples=[{"people": 3}])
    client: str = Field(title="来源地址", examples=["10.0.0.8"])
    hash: str = Field(title="链式哈希")


class ChainCheck(ApiModel):
    intact: bool = Field(title="链完整", examples=[True])
    first_broken: int | None = Field(None, title="首个断裂序号")
    rows: int = Field(title="已核验行数", examples=[1024])


@router.get(
    "",
    summary="审计日志 Audit log",
    description="个人数据读取与一切变更的记录（最新在前），仅管理员可读。",
)
def audit_log(
    caller: AdminDep,
    pages: Annotated[Paging, Depends(paging)],
    principal: Annotated[str | None, Query(
        title="调用主体", max_length=64, openapi_examples={"主体": {"value": "k-3f9a1c2d"}}
    )] = None,
    action: Annotated[str | None, Query(
        title="操作", max_length=64, openapi_examples={"案件受理": {"value": "case.create"}}
    )] = None,
) -> Page[AuditEntry]:
    rows, total = caller.services.audit.rows(pages.offset, pages.size, principal, action)
    items = [AuditEntry(seq=r.seq, at=r.at, principal=r.principal, action=r.action,
                        resource=r.resource, detail=r.detail, client=r.client, hash=r.hash)
             for r in rows]
    return Page[AuditEntry](items=items, total=total, page=pages.page, size=pages.size)


@router.get(
    "/verify",
    summary="核验审计链 Verify the audit chain",
    description="逐行重算链式哈希，报告日志是否在 API 之外被改动。",
)
def verify(caller: AdminDep) -> ChainCheck:
    intact, first_broken, rows = caller.services.audit.verify_chain()
    return ChainCheck(intact=intact, first_broken=first_broken, rows=rows)
