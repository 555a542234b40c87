"""The FastAPI application factory.

``create_app(settings, store=None)`` builds one app over one store: the store the settings
choose (embedded by default, Neo4j when configured) unless one is given; the key store and
the audit log live in ``settings.data_dir``. Everything the app opened is closed on shutdown.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.audit import AuditLog, audit_db_path
from api.auth import KeyStore, access_db_path
from api.deps import Services
from api.errors import PROBLEM_MEDIA_TYPE, BodyLimitMiddleware, install_error_handlers
from api.longlived import FreezeLongLived
from graph.settings import Settings, get_settings
from graph.store import open_store
from graph.store.protocol import GraphStore

log = logging.getLogger("zhiqian.api")
ROUTE_MODULES = ("health", "cases", "graph", "responsibility", "liability", "crossdistrict",
                 "ledgers", "risk", "audit")
"""Route modules under ``api.routes``, in the order the docs list them."""

DESCRIPTION = """\
治欠（Zhiqian）根治欠薪跨部门协同图谱系统的 HTTP 接口。

* **认证**：`X-API-Key: zq_…` 或 `Authorization: Bearer zq_…`（密钥由 `zhiqian keys create` 生成）。
* **范围**：每个调用主体有部门、管辖范围（市/区/街镇代码）和角色；案件与人员只在范围内可见，
  跨区协调组的案件对其成员区可见。
* **个人数据**：姓名、脱敏身份号码与电话仅对监察员与管理员返回，其他角色只得到人数；
  每次读取个人数据与每次变更都写入不可更改的审计日志。
* **错误**：RFC 9457 problem details（`application/problem+json`），中英文说明并指明字段与取值。
"""
_TAGS = [
    {"name": "运行状态 Health", "description": "存活与就绪检查"},
    {"name": "访问控制 Access", "description": "调用主体信息"},
    {"name": "案件 Cases", "description": "受理、分派、流转与历史"},
    {"name": "图谱视图 Graph views", "description": "供图可视化库绘制的节点与关系"},
    {"name": "责任查询 Responsibility", "description": "主办、协办、属地、主管、包案领导与期限"},
    {"name": "清偿责任 Liability", "description": "谁依法承担工资清偿责任（zhiqian-liability/1）"},
    {"name": "跨区协同 Cross-district", "description": "跨区域欠薪协调组"},
    {"name": "台账与报表 Ledgers", "description": "台账、报表与考核指标（JSON/CSV/XLSX）"},
    {"name": "风险监测 Risk", "description": "风险台账、风险解释、预警与重点监管服务名单"},
    {"name": "审计日志 Audit", "description": "只读审计日志（管理员）"},
]
BROWSER_DIRS = ("browser", "api/static/browser")


def _services(settings: Settings, store: GraphStore | None) -> Services:
    return Services(
        settings=settings,
        store=store if store is not None else open_store(settings),
        keys=KeyStore(access_db_path(settings.data_dir)),
        audit=AuditLog(audit_db_path(settings.data_dir)),
        owns_store=store is None,
    )


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """One app over one store (opened from the settings unless given; closed on shutdown
    only when the app opened it)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # test clients may start an app again after a shutdown, or twice at once: reopen
        # what a shutdown closed, and close only when the last running lifespan ends
        if app.state.services is None:
            app.state.services = _services(settings, store)
        app.state.running += 1
        yield
        app.state.running -= 1
        if app.state.running == 0:
            app.state.services.close()
            app.state.services = None

    app = FastAPI(title="治欠 Zhiqian API", version="1.0", description=DESCRIPTION,
                  openapi_tags=_TAGS, lifespan=lifespan, docs_url="/docs", redoc_url="/redoc")
    app.state.services = _services(settings, store)
    app.state.running = 0
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, limit=settings.api_max_body_bytes)
    app.add_middleware(WritesInvalidateRiskCache)
    app.add_middleware(FreezeLongLived)
    for name in ROUTE_MODULES:
        _include(app, name)
    _mount_browser_guide(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


class WritesInvalidateRiskCache:
    """After any successful write request (case intake, transitions, watchlist …), drop the
    cached risk assessments: they were computed from the graph as it was before."""

    _READS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in self._READS:
            await self.app(scope, receive, send)
            return
        status = [500]

        async def remember_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        await self.app(scope, receive, remember_status)
        cache = getattr(scope["app"].state, "risk_cache", None)
        if status[0] < 400 and cache is not None:
            cache.invalidate()


def _include(app: FastAPI, name: str) -> None:
    """Include ``api.routes.<name>`` when the module exists (features land one by one)."""
    try:
        module = importlib.import_module(f"api.routes.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"api.routes.{name}":
            raise
        log.info("route module %s not present", name)
        return
    app.include_router(module.router)


def _mount_browser_guide(app: FastAPI) -> None:
    """Serve the Neo4j Browser guide folder at /browser, with CORS for GET."""
    root = Path(__file__).resolve().parents[1]
    for folder in BROWSER_DIRS:
        path = root / folder
        if path.is_dir():
            guide = StaticFiles(directory=path)
            app.mount("/browser", CORSMiddleware(guide, allow_origins=["*"], allow_methods=["GET"]),
                      name="browser")
            return


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with error responses typed application/problem+json."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes, tags=app.openapi_tags)
    for operation in _operations(schema):
        for status, response in operation.get("responses", {}).items():
            content = response.get("content", {})
            if status[:1] in "45" and "application/json" in content:
                content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    app.openapi_schema = schema
    return schema


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in schema.get("paths", {}).values() for op in item.values()
            if isinstance(op, dict)]
