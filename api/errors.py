"""RFC 9457 problem details: the one error shape of the API, in English and Chinese.

Domain errors (:mod:`graph.errors`) are mapped to HTTP statuses here and nowhere else:
InvalidValue → 422, NotFound → 404, Conflict → 409, Forbidden → 403, missing or invalid
credentials → 401 (:class:`Unauthenticated`), malformed JSON or parameters → 400, a body over
``settings.api_max_body_bytes`` → 413. Unexpected exceptions become a plain 500 with no
stack trace; the trace goes to the server log only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import Conflict, Forbidden, InvalidValue, NotFound, StoreError

log = logging.getLogger("zhiqian.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "https://zhiqian.example.org/problems/"
_MAX_VALUE_CHARS = 200


class Unauthenticated(Exception):
    """Credentials are missing, unknown or revoked (401)."""


class BadRequest(Exception):
    """Malformed input that is not a field's value (400), e.g. a body that does not parse."""

    def __init__(self, detail: str, detail_zh: str) -> None:
        super().__init__(detail)
        self.detail_zh = detail_zh


class ProblemField(BaseModel):
    """One rejected input: where it was, what it held and why it was refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    field: str = Field(title="字段", examples=["body.claimants.0.resident_id"])
    value: Any = Field(None, title="取值")
    message: str = Field(title="原因")


class Problem(BaseModel):
    """RFC 9457 problem details with Chinese title and detail beside the English ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    type: str = Field(title="问题类型", examples=[_TYPE_BASE + "not-found"])
    title: str = Field(title="标题", examples=["Not found"])
    status: int = Field(title="HTTP 状态码", examples=[404])
    detail: str = Field(title="说明", examples=["case 'C-404' not found"])
    instance: str = Field(title="请求路径", examples=["/v1/cases/C-404"])
    title_zh: str = Field(title="标题（中文）", examples=["未找到"])
    detail_zh: str = Field(title="说明（中文）", examples=["未找到：case 'C-404'"])
    errors: list[ProblemField] | None = Field(None, title="字段错误")


_KINDS: dict[int, tuple[str, str, str]] = {
    400: ("bad-request", "Bad request", "请求格式错误"),
    401: ("unauthenticated", "Authentication required", "未认证或凭证无效"),
    403: ("forbidden", "Forbidden", "无权访问"),
    404: ("not-found", "Not found", "未找到"),
    405: ("method-not-allowed", "Method not allowed", "不支持的请求方法"),
    406: ("not-acceptable", "Not acceptable", "不支持的响应格式"),
    409: ("conflict", "Conflict", "与现有状态冲突"),
    413: ("too-large", "Request body too large", "请求体过大"),
    415: ("unsupported-media-type", "Unsupported media type", "不支持的请求格式"),
    422: ("invalid-value", "Invalid value", "数据校验未通过"),
    500: ("internal", "Internal server error", "服务器内部错误"),
    503: ("unavailable", "Service unavailable", "服务暂不可用"),
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": f"{kind[2]} ({kind[1]})"}
    for status, kind in _KINDS.items()
    if status in (400, 401, 403, 404, 409, 413, 422)
}
"""The error responses every route documents (OpenAPI ``responses=``)."""


def problem_response(
    request: Request,
    status: int,
    detail: str,
    detail_zh: str | None = None,
    *,
    errors: Sequence[ProblemField] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """One problem-details response for the request."""
    slug, title, title_zh = _KINDS.get(status, _KINDS[500] if status >= 500 else _KINDS[400])
    body = Problem(
        type=_TYPE_BASE + slug,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        title_zh=title_zh,
        detail_zh=detail_zh or f"{title_zh}：{detail}",
        errors=list(errors) if errors else None,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _safe_value(value: Any) -> Any:
    """Echo a rejected value, cut to a readable size (never a whole hostile document)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value[:_MAX_VALUE_CHARS] if isinstance(value, str) else value
    return str(value)[:_MAX_VALUE_CHARS]


def _validation_fields(exc: RequestValidationError) -> list[ProblemField]:
    fields = []
    for err in exc.errors():
        loc = ".".join(str(part) for part in err.get("loc", ()))
        value = err.get("input")
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, InvalidValue):
            value = cause.value  # already masked by the validator when it is personal
        fields.append(ProblemField(field=loc, value=_safe_value(value), message=err["msg"]))
    return fields


def _is_malformed(exc: RequestValidationError) -> bool:
    """Broken JSON or bad query/path/header parameters (400), not a refused body value (422)."""
    errors = exc.errors()
    return any(e.get("type") == "json_invalid" for e in errors) or all(
        e.get("loc", ("body",))[0] in ("query", "path", "header", "cookie") for e in errors
    )


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    status = 400 if _is_malformed(exc) else 422
    fields = _validation_fields(exc)
    names = ", ".join(f.field for f in fields)
    return problem_response(
        request, status, f"invalid input: {names}", f"输入有误：{names}", errors=fields
    )


async def _on_invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidValue)
    field = ProblemField(field=exc.field, value=_safe_value(exc.value), message=exc.reason)
    zh = f"字段 {exc.field} 的取值无效：{exc.reason}"
    return problem_response(request, 422, str(exc), zh, errors=[field])


async def _on_not_found(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFound)
    return problem_response(request, 404, str(exc), f"未找到{exc.kind}：{exc.key!r}")


async def _on_conflict(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(request, 409, str(exc), f"与现有状态冲突：{exc}")


async def _on_forbidden(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(request, 403, str(exc), f"无权访问：{exc}")


async def _on_unauthenticated(request: Request, exc: Exception) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="zhiqian"'}
    return problem_response(request, 401, str(exc), f"未认证：{exc}", headers=headers)


async def _on_bad_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BadRequest)
    return problem_response(request, 400, str(exc), exc.detail_zh)


async def _on_store_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("store error on %s: %s", request.url.path, exc)
    return problem_response(request, 503, "the graph store is unavailable", "图数据库暂不可用")


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(request, exc.status_code, str(exc.detail), headers=headers)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(request, 500, "an unexpected error occurred", "服务器内部错误")


Handler = Callable[[Request, Exception], Awaitable[JSONResponse]]
HANDLERS: dict[type[Exception], Handler] = {
    RequestValidationError: _on_validation,
    InvalidValue: _on_invalid,
    NotFound: _on_not_found,
    Conflict: _on_conflict,
    Forbidden: _on_forbidden,
    Unauthenticated: _on_unauthenticated,
    BadRequest: _on_bad_request,
    StoreError: _on_store_error,
    StarletteHTTPException: _on_http,
    Exception: _on_unexpected,
}


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through :func:`problem_response`."""
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with a 413 problem, before any parsing.

    The body is read (up to the limit) and replayed to the app, so chunked uploads without a
    Content-Length are bounded too.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        messages, too_large = await self._buffer(scope, receive)
        if too_large:
            await self._refuse(scope, receive, send)
            return
        replay = iter(messages)

        async def replay_receive() -> Message:
            return next(replay, None) or await receive()

        await self.app(scope, replay_receive, send)

    async def _buffer(self, scope: Scope, receive: Receive) -> tuple[list[Message], bool]:
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return [], True
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.limit:
                return messages, True
            if message["type"] != "http.request" or not message.get("more_body"):
                return messages, False

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        detail = f"request body exceeds {self.limit} bytes"
        response = problem_response(request, 413, detail, f"请求体超过 {self.limit} 字节上限")
        await response(scope, receive, send)
