"""What every command shares: the console, exit codes, the store, JSON output, errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from graph.errors import Conflict, Forbidden, InvalidValue, NotFound, StoreError, ZhiqianError
from graph.settings import Settings, get_settings
from graph.store import GraphStore, open_store

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    return get_settings()


@contextmanager
def store_session(current: Settings | None = None) -> Iterator[GraphStore]:
    """Open the configured store for one command and close it afterwards."""
    store = open_store(current or settings())
    try:
        yield store
    finally:
        store.close()


def print_json(data: Any) -> None:
    """Machine output: UTF-8 JSON on stdout, Chinese kept readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = EXIT_FAILURE) -> typer.Exit:
    err_console.print(f"[red]错误[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Translate domain errors to a message on stderr and the exit code (2 bad input, 1 other)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InvalidValue as exc:
            raise fail(str(exc), EXIT_BAD_INPUT) from exc
        except (NotFound, Conflict, Forbidden, StoreError) as exc:
            raise fail(str(exc)) from exc
        except ZhiqianError as exc:
            raise fail(str(exc)) from exc

    return wrapper
