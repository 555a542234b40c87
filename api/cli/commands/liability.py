"""`zhiqian liability`: who must pay, from a scenario file, a case, a worker or a project."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import EXIT_BAD_INPUT, fail, handle_errors, print_json, settings, store_session
from graph.errors import InvalidValue
from graph.values import parse_date, validate_resident_id
from queries.liability import evaluate, load_scenario
from queries.liability.answer import Answer
from queries.liability.facts import Facts
from queries.liability.graph_route import facts_for_case, facts_for_project, facts_for_worker
from queries.liability.report import render


def register(app: typer.Typer) -> None:
    """Add the `liability` command."""
    app.command("liability", help="欠薪责任分析：谁清偿、以何种责任形式、依据哪条、沿哪条链条。")(
        liability
    )


@handle_errors
def liability(
    *,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", help="zhiqian-scenario/1 文件")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="案件编号")] = None,
    worker: Annotated[
        str | None, typer.Option("--worker", help="工人身份号码或人员标识（pid）")
    ] = None,
    project: Annotated[str | None, typer.Option("--project", help="项目编号")] = None,
    decided_on: Annotated[
        str | None, typer.Option("--decided-on", help="决定日期 YYYY-MM-DD")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 zhiqian-liability/1 JSON")] = False,
) -> None:
    """Exactly one source: --scenario, --case, --worker with --project, or --project."""
    day = parse_date(decided_on, "--decided-on") if decided_on else None
    answer, facts = _answer(scenario, case, worker, project, day)
    if as_json:
        print_json(answer.model_dump(mode="json"))
    else:
        sys.stdout.write(render(answer, facts))


def _answer(
    scenario: Path | None,
    case: str | None,
    worker: str | None,
    project: str | None,
    day: date | None,
) -> tuple[Answer, Facts]:
    chosen = [x for x in (scenario, case, worker) if x is not None]
    if len(chosen) > 1 or (not chosen and project is None):
        raise fail(
            "请只给出一种来源：--scenario、--case、--worker（配 --project）或 --project",
            EXIT_BAD_INPUT,
        )
    if scenario is not None:
        facts = load_scenario(scenario)
        if day is not None:
            facts = _with_day(facts, day)
        return evaluate(facts), facts
    with store_session() as store:
        if case is not None:
            facts = facts_for_case(store, case, day)
        elif worker is not None:
            if project is None:
                raise fail("--worker 需要同时给出 --project", EXIT_BAD_INPUT)
            facts = facts_for_worker(store, _pid(worker), project, day)
        else:
            facts = facts_for_project(store, str(project), day)
    return evaluate(facts), facts


def _with_day(facts: Facts, day: date) -> Facts:
    return facts._replace(decided_on=day)


def _pid(worker: str) -> str:
    """A resident id is validated and hashed; anything else is taken as a pid."""
    text = worker.strip()
    if len(text) == 18 and text[:17].isdigit():
        current = settings()
        rid = validate_resident_id(text, "--worker", allow_synthetic=current.allow_synthetic_ids)
        return current.pseudonymiser().person_key(rid)
    if len(text) == 32 and all(c in "0123456789abcdef" for c in text):
        return text
    raise InvalidValue("--worker", "***", "is neither a resident id nor a pid")
