"""From one parsed row to the nodes and relationships it writes, per source.

A builder gets the row as ``{column name: parsed value or None}`` and the
:class:`~loaders.context.LoadContext`; it fills a :class:`RowOut` or raises
:class:`RowProblem` naming the column at fault. Builders never touch the store: the ingest
writes what they produce in batches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.enums import STATUS_TO_LICENCE, EnterpriseStatus, Label, RelType
from graph.ids import enterprise_key
from graph.values import mask_resident_id, validate_area_code
from loaders.context import Employment, LoadContext
from loaders.plain import NodeKey, PlainRel

Row = dict[str, Any]


class RowProblem(Exception):
    """A row that cannot be loaded: the column (``Column.name``), printable value, reason."""

    def __init__(self, column: str, value: object, reason: str) -> None:
        super().__init__(f"{column}: {value!r} {reason}")
        self.column = column
        self.value = value
        self.reason = reason


@dataclass(slots=True)
class RowOut:
    """What one row writes. ``stubs`` are created only when no such node exists yet;
    ``late`` are references checked at the end of the file (e.g. a superior agency that
    may come later in the same file); ``warnings`` keep the row but say what was left out."""

    nodes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(label value, properties) of each node (see :mod:`loaders.plain`)."""
    stubs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    rels: list[PlainRel] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    late: list[tuple[Label, str, str]] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)

    def node(self, label: Label, props: dict[str, Any]) -> None:
        self.nodes.append((label.value, props))

    def rel(
        self, rel_type: RelType, src: NodeKey, dst: NodeKey, key: str = "", **props: Any
    ) -> None:
        clean = {k: v for k, v in props.items() if v is not None}
        self.rels.append((rel_type.value, src[0], src[1], dst[0], dst[1], key, clean))


def _compact(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


# ---------------------------------------------------------------- parties


_ENTERPRISE, _PERSON, _PROJECT, _AREA = (
    label.value for label in (Label.ENTERPRISE, Label.PERSON, Label.PROJECT, Label.AREA)
)
_AGENCY, _OFFICIAL, _CASE = (label.value for label in (Label.AGENCY, Label.OFFICIAL, Label.CASE))


def _enterprise(out: RowOut, uscc: str | None, name: str | None) -> NodeKey:
    """An Enterprise by USCC or name, created as a stub (kind and licence unknown) if new."""
    ref, stub = _enterprise_stub(uscc, name)
    out.stubs.append((_ENTERPRISE, stub))
    return ref


@lru_cache(maxsize=65_536)
def _enterprise_stub(uscc: str | None, name: str | None) -> tuple[NodeKey, dict[str, Any]]:
    # employers recur on thousands of roster rows; the stub dict is shared, never mutated
    eid = enterprise_key(uscc, name or uscc or "")
    stub = {"eid": eid, "name": name or uscc, "uscc": uscc, "kind": "unknown", "licence": "unknown"}
    return (_ENTERPRISE, eid), _compact(stub)


def _person(out: RowOut, ctx: LoadContext, resident_id: str, name: str | None) -> NodeKey:
    props = ctx.party_props(resident_id, name)
    out.stubs.append((_PERSON, props))
    return _PERSON, props["pid"]


def _party(out: RowOut, ctx: LoadContext, row: Row, prefix: str) -> NodeKey | None:
    """A party named by ``<prefix>_resident_id`` (a person) or ``_uscc``/``_name``."""
    rid, uscc, name = (row.get(f"{prefix}_{c}") for c in ("resident_id", "uscc", "name"))
    if rid:
        return _person(out, ctx, rid, name)
    if uscc or name:
        return _enterprise(out, uscc, name)
    return None


def _require_project(ctx: LoadContext, row: Row, column: str = "project") -> str:
    code = str(row[column])
    if code not in ctx.projects:
        raise RowProblem(column, code, "is not a known project (项目备案)")
    return code


# ---------------------------------------------------------------- sources


def enterprises(row: Row, ctx: LoadContext, out: RowOut) -> None:
    uscc, name = row["uscc"], row["name"]
    status = row["status"] or (EnterpriseStatus.ACTIVE if uscc else EnterpriseStatus.UNREGISTERED)
    licence = STATUS_TO_LICENCE[EnterpriseStatus(status)]
    kind = row["kind"] or ("company" if uscc else "unregistered_org")
    props = {
        "eid": enterprise_key(uscc, name),
        "uscc": uscc,
        "name": name,
        "kind": kind,
        "status": str(status),
        "licence": str(licence),
        "qualification": row["qualification"] or "unknown",
        "dispatch_licence": row["dispatch_licence"] or "n/a",
        "registered_area": row["registered_area"],
        "address": row["address"],
    }
    out.node(Label.ENTERPRISE, _compact(props))
    if row["registered_area"]:
        out.areas.append(row["registered_area"])
        out.rel(RelType.REGISTERED_IN, (_ENTERPRISE, props["eid"]), (_AREA, row["registered_area"]))


_ROLE_RELS = {
    "legal_rep": RelType.LEGAL_REP_OF,
    "controller": RelType.CONTROLS,
    "investor": RelType.INVESTS_IN,
}


def persons(row: Row, ctx: LoadContext, out: RowOut) -> None:
    props = ctx.person_props(row["resident_id"], row["name"], row["phone"])
    if row["role"]:
        props["roles"] = [row["role"]]
    out.node(Label.PERSON, props)
    rel_type = _ROLE_RELS.get(row["role"] or "")
    if rel_type and (row["enterprise_uscc"] or row["enterprise_name"]):
        firm = _enterprise(out, row["enterprise_uscc"], row["enterprise_name"])
        out.rel(rel_type, (_PERSON, props["pid"]), firm)


_PROJECT_FIELDS = (
    "contract_value",
    "wage_account",
    "wage_deposit",
    "planning_compliant",
    "permit",
    "notice_board",
    "started_on",
)


def projects(row: Row, ctx: LoadContext, out: RowOut) -> None:
    props = {
        "code": row["code"],
        "name": row["name"],
        "sector": row["sector"] or "building",
        "funding": row["funding"] or "unknown",
        "area": row["area"],
        "status": row["status"] or "在建",
    }
    props.update({f: row[f] for f in _PROJECT_FIELDS if row[f] is not None})
    out.node(Label.PROJECT, props)
    out.areas.append(row["area"])
    out.rel(RelType.LOCATED_IN, (_PROJECT, row["code"]), (_AREA, row["area"]))
    ctx.projects[row["code"]] = row["area"]


_CONTRACT_FIELDS = ("kind", "price", "paid", "unpaid", "overdue", "disputed", "signed_on")


def contracts(row: Row, ctx: LoadContext, out: RowOut) -> None:
    project = _require_project(ctx, row)
    src = _party(out, ctx, row, "from")
    dst = _party(out, ctx, row, "to")
    assert src is not None  # from_name is a required column
    assert dst is not None  # to_name is a required column
    props = {f: row[f] for f in _CONTRACT_FIELDS}
    out.rel(
        RelType.CONTRACTS_TO,
        src,
        dst,
        row["contract_id"],
        project=project,
        contract_id=row["contract_id"],
        **props,
    )


def name_lending(row: Row, ctx: LoadContext, out: RowOut) -> None:
    project = _require_project(ctx, row)
    lender = _enterprise(out, row["lender_uscc"], row["lender_name"])
    borrower = _party(out, ctx, row, "borrower")
    assert borrower is not None  # borrower_name is a required column
    out.rel(RelType.WORKS_UNDER_NAME_OF, borrower, lender, project, project=project)


def dispatch(row: Row, ctx: LoadContext, out: RowOut) -> None:
    project = _require_project(ctx, row) if row["project"] else None
    agency = _party(out, ctx, row, "agency")
    assert agency is not None  # agency_name is a required column
    user = _enterprise(out, row["user_uscc"], row["user_name"])
    out.rel(RelType.DISPATCHES_TO, agency, user, project or "", project=project)


def rosters(row: Row, ctx: LoadContext, out: RowOut) -> None:
    project = _require_project(ctx, row)
    props = ctx.person_props(row["resident_id"], row["name"], row["phone"])
    out.node(Label.PERSON, props)
    worker: NodeKey = (_PERSON, props["pid"])
    if row["employer_resident_id"]:
        employer = _person(out, ctx, row["employer_resident_id"], row["employer_name"])
    else:
        employer = _enterprise(out, row["employer_uscc"], row["employer_name"])
    out.rel(
        RelType.WORKS_ON,
        worker,
        (_PROJECT, project),
        entered_on=row["entered_on"],
        left_on=row["left_on"],
        position=row["position"],
    )
    _record_employment(ctx, (worker[1], project), employer, row["position"])


def _record_employment(
    ctx: LoadContext, key: tuple[str, str], employer: NodeKey, position: str | None
) -> None:
    """The worker's employment on the project; its EMPLOYED_BY edge is written after the
    load's last roster or wage file (``batch.write_employment``), once."""
    known = ctx.employment.get(key)
    if known is None:
        ctx.employment[key] = Employment(employer, position=position)
    else:
        known.employer = employer
        if position is not None:
            known.position = position
    ctx.employment_changed.add(key)


def wages(row: Row, ctx: LoadContext, out: RowOut) -> None:
    """Aggregate a payroll line into the worker's employment; the EMPLOYED_BY edges that
    changed are written once, after the load's last wage file (``batch.write_employment``)."""
    project = str(row["project"])
    pid = ctx.pid(row["resident_id"])
    job = ctx.employment.get((pid, project))
    if job is None:
        raise RowProblem(
            "resident_id",
            mask_resident_id(row["resident_id"]),
            f"has no roster row (实名制花名册) on project '{project}'",
        )
    job.months[row["month"]] = (row["due"], row["paid"])
    if row["paid_on"] and (job.last_paid_on is None or row["paid_on"] > job.last_paid_on):
        job.last_paid_on = row["paid_on"]
    ctx.employment_changed.add((pid, project))


def agencies(row: Row, ctx: LoadContext, out: RowOut) -> None:
    served = [_served_area(code) for code in (row["serves"] or [row["area"]])]
    props = {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "level": row["level"],
        "area": row["area"],
        "sectors": row["sectors"] or [],
    }
    out.node(Label.AGENCY, props)
    ref: NodeKey = (_AGENCY, row["id"])
    out.areas.extend([row["area"], *served])
    for code in served:
        out.rel(RelType.SERVES, ref, (_AREA, code))
    if row["parent"]:
        out.late.append((Label.AGENCY, row["parent"], "parent"))
        out.rel(RelType.REPORTS_TO, ref, (_AGENCY, row["parent"]))
    ctx.keys(Label.AGENCY).add(row["id"])


def _served_area(code: str) -> str:
    try:
        return validate_area_code(code, "serves")
    except ValueError as exc:
        raise RowProblem("serves", code, "is not a known area code") from exc


def officials(row: Row, ctx: LoadContext, out: RowOut) -> None:
    if row["agency"] not in ctx.keys(Label.AGENCY):
        raise RowProblem("agency", row["agency"], "is not a known agency (部门)")
    if not 1 <= row["rank"] <= 9:
        raise RowProblem("rank", row["rank"], "is not a rank between 1 and 9")
    props = {f: row[f] for f in ("id", "name", "title", "rank", "agency")}
    out.node(Label.OFFICIAL, props)
    out.rel(
        RelType.HOLDS_POST, (_OFFICIAL, row["id"]), (_AGENCY, row["agency"]), title=row["title"]
    )


_CASE_FIELDS = ("id", "source", "kind", "received_at", "area", "project", "summary", "closed_at")


def cases(row: Row, ctx: LoadContext, out: RowOut) -> None:
    props = {f: row[f] for f in _CASE_FIELDS}
    props |= {
        "status": row["status"] or "received",
        "workers": row["workers"] or 0,
        "amount_owed": row["amount_owed"] or 0,
        "months_owed": row["months_owed"] or 0,
        "group_incident": bool(row["group_incident"] or row["kind"] == "群体性事件"),
    }
    out.node(Label.CASE, _compact(props))
    case: NodeKey = (_CASE, row["id"])
    project_area = _case_project(ctx, row, out, case)
    area = row["area"] or project_area
    if area:
        out.areas.append(area)
        out.rel(RelType.OCCURRED_IN, case, (_AREA, area))
    respondent = _party(out, ctx, row, "respondent")
    if respondent is not None:
        out.rel(RelType.AGAINST, case, respondent)
    ctx.keys(Label.CASE).add(row["id"])


def _case_project(ctx: LoadContext, row: Row, out: RowOut, case: NodeKey) -> str | None:
    """Link the case to its project (if known) and return the project's area."""
    code = row["project"]
    if not code:
        return None
    if code not in ctx.projects:
        out.warnings.append(
            RowProblem("project", code, "is not a known project: case kept unlinked")
        )
        return None
    out.rel(RelType.CONCERNS, case, (_PROJECT, code))
    return ctx.projects[code]


def claimants(row: Row, ctx: LoadContext, out: RowOut) -> None:
    if row["case_id"] not in ctx.keys(Label.CASE):
        raise RowProblem("case_id", row["case_id"], "is not a known case (案件)")
    props = ctx.person_props(row["resident_id"], row["name"], row["phone"])
    out.node(Label.PERSON, props)
    out.rel(
        RelType.CLAIMANT_IN,
        (_PERSON, props["pid"]),
        (_CASE, row["case_id"]),
        amount_claimed=row["amount_claimed"],
    )


Builder = Callable[[Row, LoadContext, RowOut], None]

BUILDERS: dict[str, Builder] = {
    "enterprises": enterprises,
    "persons": persons,
    "projects": projects,
    "contracts": contracts,
    "name_lending": name_lending,
    "dispatch": dispatch,
    "rosters": rosters,
    "wages": wages,
    "agencies": agencies,
    "officials": officials,
    "cases": cases,
    "claimants": claimants,
}
"""One builder per source name of :data:`loaders.columns.SOURCES`."""
