"""`zhiqian serve` (the HTTP API under uvicorn) and `zhiqian keys create|list|revoke`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from api.auth import ROLE_TITLES, KeyStore, Role, access_db_path
from api.cli.common import (
    EXIT_BAD_INPUT,
    console,
    fail,
    handle_errors,
    print_json,
    settings,
)

keys_app = typer.Typer(help="API 密钥：创建、列出、吊销（密钥只显示一次，库中仅存哈希）。",
                       no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="进程数（嵌入式存储请用 1）", min=1)] = 1,
) -> None:
    """启动 HTTP API（uvicorn；OpenAPI 文档在 /docs）。"""
    import uvicorn

    current = settings()
    if workers > 1 and current.store == "memory":
        # each process would hold its own copy of the graph: writes would not be shared
        raise fail("内置存储只能用 1 个进程（--workers 1）；多进程请配置 ZHIQIAN_STORE=neo4j",
                   EXIT_BAD_INPUT)
    if workers > 1:
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level=current.log_level.lower())
        return
    from api.app import create_app

    uvicorn.run(create_app(current), host=host, port=port, log_level=current.log_level.lower())


def _keys() -> KeyStore:
    return KeyStore(access_db_path(settings().data_dir))


@keys_app.command("create")
@handle_errors
def create(
    name: Annotated[str, typer.Option(help="调用主体名称，如 浦东新区劳动保障监察大队")],
    agency: Annotated[str, typer.Option(help="所属部门编号")],
    scope: Annotated[str, typer.Option(help="管辖范围：市/区/街镇区划代码，如 310115")],
    role: Annotated[
        list[Role], typer.Option(help="角色（可重复）：admin investigator analyst external")
    ],
    json_out: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False,
) -> None:
    """创建 API 密钥（只显示这一次）。"""
    store = _keys()
    try:
        principal, key = store.create(name, agency, scope, list(role))
    finally:
        store.close()
    if json_out:
        print_json({"principal": principal.model_dump(mode="json"), "key": key})
        return
    console.print(f"已创建 {principal.id}（{principal.name}，范围 {principal.scope_area}）")
    console.print(f"API 密钥（请妥善保存，不会再次显示）：\n{key}", soft_wrap=True)


@keys_app.command("list")
@handle_errors
def list_keys(json_out: Annotated[bool, typer.Option("--json", help="JSON 输出")] = False) -> None:
    """列出调用主体（不含密钥）。"""
    store = _keys()
    try:
        rows = store.list()
    finally:
        store.close()
    if json_out:
        print_json([{**p.model_dump(mode="json"), "created_at": c, "revoked_at": r}
                    for p, c, r in rows])
        return
    table = Table("编号", "名称", "部门", "范围", "角色", "创建时间", "吊销时间")
    for p, created, revoked in rows:
        roles = "、".join(ROLE_TITLES[r] for r in p.roles)
        table.add_row(p.id, p.name, p.agency, p.scope_area, roles, created, revoked or "")
    console.print(table)


@keys_app.command("revoke")
@handle_errors
def revoke(principal_id: Annotated[str, typer.Argument(help="调用主体编号 k-…")]) -> None:
    """吊销 API 密钥（立即生效）。"""
    store = _keys()
    try:
        store.revoke(principal_id)
    finally:
        store.close()
    console.print(f"已吊销 {principal_id}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
