"""Entry point of the `zhiqian` command: finds every command module and registers it."""

from __future__ import annotations

import importlib
import pkgutil

import typer

from api.cli import commands

app = typer.Typer(
    name="zhiqian",
    help="治欠 Zhiqian — 根治欠薪跨部门协同图谱系统 (wage-arrears coordination graph).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(app)


_register_all()


def run() -> None:
    """Console-script entry point."""
    app()
