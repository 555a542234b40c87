"""A stand-in for the neo4j driver that records every statement and answers from a script.

It pins what the Neo4j backend sends (text, parameters, routing, database); it does not run
Cypher. Behaviour is tested by the conformance suite against a real test database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Responder = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


@dataclass
class Call:
    text: str
    params: dict[str, Any]
    routing: str | None = None
    database: str | None = None
    via: str = "execute_query"


@dataclass
class EagerResult:
    records: list[dict[str, Any]]


class FakeResult:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self._records = records

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._records)

    def consume(self) -> None:
        return None


class FakeTx:
    def __init__(self, driver: FakeDriver, database: str | None) -> None:
        self._driver = driver
        self._database = database

    def run(self, text: str, params: dict[str, Any] | None = None) -> FakeResult:
        call = Call(text, dict(params or {}), "w", self._database, "tx")
        return FakeResult(self._driver.answer(call))


class FakeSession:
    def __init__(self, driver: FakeDriver, database: str | None, mode: str | None) -> None:
        self._driver = driver
        self.database = database
        self.mode = mode

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_write(self, work: Callable[..., Any], *args: Any) -> Any:
        self._driver.transactions += 1
        return work(FakeTx(self._driver, self.database), *args)

    def run(self, text: str, params: dict[str, Any] | None = None) -> FakeResult:
        call = Call(text, dict(params or {}), self.mode, self.database, "session")
        return FakeResult(self._driver.answer(call))


@dataclass
class FakeDriver:
    responder: Responder = field(default=lambda _text, _params: [])
    calls: list[Call] = field(default_factory=list)
    transactions: int = 0
    closed: bool = False
    fail_with: BaseException | None = None

    def answer(self, call: Call) -> list[dict[str, Any]]:
        if self.fail_with is not None:
            raise self.fail_with
        self.calls.append(call)
        return self.responder(call.text, call.params)

    def execute_query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        routing_: Any = None,
        database_: str | None = None,
    ) -> EagerResult:
        call = Call(text, dict(params or {}), getattr(routing_, "value", routing_), database_)
        return EagerResult(self.answer(call))

    execute_query_bookmark_manager: object = field(default_factory=object)

    def session(
        self, database: str | None = None, default_access_mode: str | None = None, **_: Any
    ) -> FakeSession:
        return FakeSession(self, database, default_access_mode)

    def close(self) -> None:
        self.closed = True

    def texts(self) -> list[str]:
        return [c.text for c in self.calls]
