"""Dependency injection: the app's services, the calling principal and its request context.

Dependencies are ``async def``: they do no blocking I/O worth a thread (the key look-up is
one indexed SQLite read), and a sync dependency costs a thread hand-off per request.

Routes take a :class:`Caller` (``CallerDep``), which bundles the principal, the store, a
:class:`~api.scope.ScopeGuard` and an ``audit`` method that records the client address.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.audit import AuditLog
from api.auth import KeyStore, Principal, Role
from api.errors import Unauthenticated
from api.scope import ScopeGuard
from graph.errors import Forbidden
from graph.settings import Settings
from graph.store.protocol import GraphStore
from queries.coordination.assign import Lookup
from queries.coordination.policy import CoordinationPolicy, load_policy

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API 密钥 zq_…")
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer zq_…")


LOOKUP_TTL_SECONDS = 60.0
"""How long the cached agency/official look-ups of the responsibility answers are reused."""


@dataclass
class Services:
    """What one app holds for its lifetime (``app.state.services``)."""

    settings: Settings
    store: GraphStore
    keys: KeyStore
    audit: AuditLog
    owns_store: bool = True
    _lookup: tuple[float, Lookup] | None = None

    def lookup(self) -> Lookup:
        """Agencies by area, officials by agency and superiors, cached for a minute: they
        change rarely, and a fresh look-up per request doubles a responsibility answer's cost."""
        now = time.monotonic()
        if self._lookup is None or now - self._lookup[0] > LOOKUP_TTL_SECONDS:
            self._lookup = (now, Lookup(self.store))
        return self._lookup[1]

    def close(self) -> None:
        self.keys.close()
        self.audit.close()
        if self.owns_store:
            self.store.close()


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_store(services: ServicesDep) -> GraphStore:
    return services.store


StoreDep = Annotated[GraphStore, Depends(get_store)]


async def get_principal(
    services: ServicesDep,
    api_key: Annotated[str | None, Security(_api_key)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> Principal:
    """The principal whose key came in ``X-API-Key`` or ``Authorization: Bearer``."""
    key = api_key or (bearer.credentials if bearer else None)
    if not key:
        raise Unauthenticated("an API key is required (X-API-Key or Authorization: Bearer)")
    principal = services.keys.authenticate(key.strip())
    if principal is None:
        raise Unauthenticated("the API key is unknown or revoked")
    return principal


@dataclass
class Caller:
    """The principal of one request, with the services it may use."""

    principal: Principal
    services: Services
    client: str
    guard: ScopeGuard = field(init=False)

    def __post_init__(self) -> None:
        self.guard = ScopeGuard(self.services.store, self.principal)

    @property
    def store(self) -> GraphStore:
        return self.services.store

    def audit(self, action: str, resource: str, **detail: Any) -> None:
        """Record a personal-data read or a change (detail: counts and keys only)."""
        self.services.audit.append(self.principal.id, action, resource, detail, self.client)

    def require(self, *roles: Role) -> None:
        if not self.principal.has(*roles):
            names = ", ".join(r.value for r in roles)
            raise Forbidden(f"this action needs one of the roles {names}")


async def get_caller(
    request: Request,
    services: ServicesDep,
    principal: Annotated[Principal, Depends(get_principal)],
) -> Caller:
    client = request.client.host if request.client else "unknown"
    return Caller(principal, services, client)


CallerDep = Annotated[Caller, Depends(get_caller)]


def requires(*roles: Role) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency that lets through only callers holding one of ``roles``."""

    async def check(caller: CallerDep) -> Caller:
        caller.require(*roles)
        return caller

    return check


WriterDep = Annotated[Caller, Depends(requires(Role.ADMIN, Role.INVESTIGATOR))]
AdminDep = Annotated[Caller, Depends(requires(Role.ADMIN))]


async def get_policy() -> CoordinationPolicy:
    """The coordination policy (shipped default, or $ZHIQIAN_COORDINATION_POLICY)."""
    return load_policy()


PolicyDep = Annotated[CoordinationPolicy, Depends(get_policy)]
