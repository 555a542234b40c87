"""Read and write zhiqian-scenario/1 (YAML or JSON) — the scenario route's facts.

Input is validated with frozen pydantic models (extra fields refused); any failure becomes
:class:`graph.errors.InvalidValue` naming the field by its path (``parties[2].kind``) and the
bad value. Chinese aliases of tokens are accepted; facts always hold the tokens.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from graph.errors import InvalidValue
from graph.values import fen_to_yuan, parse_date, yuan_to_fen
from queries.liability.facts import (
    ContractEdge,
    Dispatch,
    Event,
    Facts,
    NameLending,
    Officer,
    Party,
    Payment,
    Project,
    WorkerGroup,
)
from queries.liability.tokens import VOCABULARIES, choices

FORMAT = "zhiqian-scenario/1"


def _token(vocabulary: str) -> Any:
    def check(value: object) -> str:
        if isinstance(value, bool) and vocabulary == "yes_no":
            return "yes" if value else "no"
        token = VOCABULARIES[vocabulary].get(str(value).strip()) if value is not None else None
        if token is None:
            raise ValueError(f"{value!r} is not one of {choices(vocabulary)}")
        return token

    return BeforeValidator(check)


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        raise ValueError(f"{value!r} is not a text value")
    return str(value).strip()


def _flag(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("unknown", "未知", "n/a"):
        return None
    if text in ("yes", "true", "是", "有"):
        return True
    if text in ("no", "false", "否", "无"):
        return False
    raise ValueError(f"{value!r} is not one of true, false, unknown")


_UNKNOWN = frozenset({"unknown", "未知", "不明"})


def _unknown(value: object) -> bool:
    """``unknown`` written out means the same as a left-out field."""
    return isinstance(value, str) and value.strip().lower() in _UNKNOWN


def _fen(value: object) -> int | None:
    if value is None or _unknown(value):
        return None
    fen = yuan_to_fen(value)
    if fen < 0:
        raise ValueError(f"{value!r} is a negative amount")
    return fen


def _date(value: object) -> date | None:
    return None if value is None else parse_date(value)


Text = Annotated[str, BeforeValidator(_text)]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
Yuan = Annotated[int | None, BeforeValidator(_fen)]
Day = Annotated[date | None, BeforeValidator(_date)]


def _non_negative(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise ValueError(f"{value!r} is negative")
    return value


Count = Annotated[
    int | None,
    BeforeValidator(lambda v: None if _unknown(v) else v),
    AfterValidator(_non_negative),
]


class _In(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class PeriodIn(_In):
    from_: Day = Field(None, alias="from")
    to: Day = None


class ProjectIn(_In):
    name: Text = ""
    code: Text | None = None
    area: Text | None = None
    sector: Annotated[str | None, _token("sector")] = None
    funding: Annotated[str | None, _token("funding")] = None
    planning_compliant: Flag = None
    permit: Flag = None
    wage_account: Flag = None
    wage_deposit: Flag = None


class OfficerIn(_In):
    person: Text
    role: Annotated[str, _token("officer_role")]


class PartyIn(_In):
    id: Text = Field(min_length=1)
    name: Text = ""
    role: Annotated[str, _token("role")] = "unknown"
    kind: Annotated[str, _token("kind")] = "unknown"
    licence: Annotated[str, _token("licence")] = "unknown"
    qualification: Annotated[str, _token("qualification")] = "unknown"
    dispatch_licence: Annotated[str, _token("yes_no")] = "unknown"
    registered_area: Text | None = None
    investors: tuple[Text, ...] = ()
    officers: tuple[OfficerIn, ...] = ()


class ContractIn(_In):
    id: Text | None = None
    from_: Text = Field(alias="from")
    to: Text
    kind: Annotated[str, _token("contract_kind")] = "unknown"
    price: Yuan = None
    paid: Yuan = None
    unpaid: Yuan = None
    overdue: Yuan = None
    disputed: Flag = None


class LendingIn(_In):
    lender: Text
    borrower: Text


class DispatchIn(_In):
    agency: Text
    user: Text


class GroupIn(_In):
    id: Text = Field(min_length=1)
    count: Count = None
    owed: Yuan = None
    per_worker_owed_max: Yuan = None
    months_owed_max: Count = None
    employed_by: Text | None = None
    contract: Text | None = None
    claim: Annotated[str, _token("claim")] = "wage"
    claimant: Text | None = None
    against: Text | None = None


class PaymentIn(_In):
    from_: Text = Field(alias="from")
    to: Text
    amount: Annotated[int, BeforeValidator(_fen)]
    date: Day = None
    via: Annotated[str | None, _token("via")] = None


class EventIn(_In):
    date: Day = None
    kind: Annotated[str, _token("event")]
    party: Text | None = None


class ScenarioIn(_In):
    format: Literal["zhiqian-scenario/1"]
    id: Text = Field(min_length=1)
    title: Text = ""
    decided_on: Day = None
    arrears_period: PeriodIn | None = None
    project: ProjectIn = ProjectIn()
    parties: tuple[PartyIn, ...] = Field(min_length=1)
    contracts: tuple[ContractIn, ...] = ()
    name_lending: tuple[LendingIn, ...] = ()
    dispatch: tuple[DispatchIn, ...] = ()
    worker_groups: tuple[GroupIn, ...]
    payments: tuple[PaymentIn, ...] = ()
    events: tuple[EventIn, ...] = ()


# ---------------------------------------------------------------------------- reading


def load_scenario(source: str | Path | Mapping[str, Any]) -> Facts:
    """Facts from a scenario: a file path, YAML/JSON text, or an already parsed mapping."""
    data = source if isinstance(source, Mapping) else _parse(_read(source))
    if not isinstance(data, Mapping):
        raise InvalidValue("scenario", type(data).__name__, "is not a mapping of fields")
    try:
        model = ScenarioIn.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    _check_references(model)
    return _facts(model)


def _read(source: str | Path) -> str:
    if isinstance(source, Path) or (
        "\n" not in source and source.endswith((".yaml", ".yml", ".json"))
    ):
        path = Path(source)
        if not path.is_file():
            raise InvalidValue("scenario", str(source), "is not a readable file")
        return path.read_bytes().decode("utf-8-sig", errors="strict")
    return source


def _parse(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "text"
        raise InvalidValue("scenario", where, "is not valid YAML or JSON") from exc


def _invalid(exc: ValidationError) -> InvalidValue:
    err = exc.errors()[0]
    path = _path(err["loc"])
    if err["type"] == "missing":
        return InvalidValue(path, None, "is required")
    if err["type"] == "extra_forbidden":
        return InvalidValue(path, err.get("input"), "is not a field of zhiqian-scenario/1")
    reason = str(err.get("ctx", {}).get("error", "")) or err["msg"]
    value = err.get("input")
    prefix = f"{value!r} "
    return InvalidValue(path, value, reason.removeprefix(prefix))


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = "from" if part == "from_" else part
            out += f".{name}" if out else name
    return out or "scenario"


def _check_references(model: ScenarioIn) -> None:
    ids: set[str] = set()
    for i, party in enumerate(model.parties):
        if party.id in ids:
            raise InvalidValue(f"parties[{i}].id", party.id, "is used by two parties")
        ids.add(party.id)
    refs: list[tuple[str, str | None]] = []
    for i, p in enumerate(model.parties):
        refs += [(f"parties[{i}].investors[{j}]", x) for j, x in enumerate(p.investors)]
        refs += [(f"parties[{i}].officers[{j}].person", o.person) for j, o in enumerate(p.officers)]
    refs += [
        (f"contracts[{i}].{k}", v)
        for i, c in enumerate(model.contracts)
        for k, v in (("from", c.from_), ("to", c.to))
    ]
    refs += [
        (f"name_lending[{i}].{k}", getattr(x, k))
        for i, x in enumerate(model.name_lending)
        for k in ("lender", "borrower")
    ]
    refs += [
        (f"dispatch[{i}].{k}", getattr(x, k))
        for i, x in enumerate(model.dispatch)
        for k in ("agency", "user")
    ]
    refs += [
        (f"worker_groups[{i}].{k}", getattr(g, k))
        for i, g in enumerate(model.worker_groups)
        for k in ("employed_by", "claimant", "against")
    ]
    refs += [(f"events[{i}].party", e.party) for i, e in enumerate(model.events)]
    for path, ref in refs:
        if ref is not None and ref not in ids:
            raise InvalidValue(path, ref, "is not the id of a party")
    _check_groups(model)


def _check_groups(model: ScenarioIn) -> None:
    seen: set[str] = set()
    contract_ids = {c.id for c in model.contracts if c.id}
    for i, group in enumerate(model.worker_groups):
        if group.id in seen:
            raise InvalidValue(f"worker_groups[{i}].id", group.id, "is used by two worker groups")
        seen.add(group.id)
        if group.contract is not None and group.contract not in contract_ids:
            raise InvalidValue(
                f"worker_groups[{i}].contract", group.contract, "is not the id of a contract"
            )


def _facts(m: ScenarioIn) -> Facts:
    period = m.arrears_period or PeriodIn()
    return Facts(
        id=m.id,
        title=m.title,
        decided_on=m.decided_on,
        arrears_from=period.from_,
        arrears_to=period.to,
        project=Project(**m.project.model_dump()),
        parties=tuple(_party(p) for p in m.parties),
        contracts=tuple(
            ContractEdge(
                c.from_, c.to, c.kind, c.id, c.price, c.paid, c.unpaid, c.overdue, c.disputed
            )
            for c in m.contracts
        ),
        name_lending=tuple(NameLending(x.lender, x.borrower) for x in m.name_lending),
        dispatch=tuple(Dispatch(x.agency, x.user) for x in m.dispatch),
        worker_groups=tuple(WorkerGroup(**g.model_dump()) for g in m.worker_groups),
        payments=tuple(Payment(p.from_, p.to, p.amount, p.date, p.via) for p in m.payments),
        events=tuple(Event(e.date, e.kind, e.party) for e in m.events),
    )


def _party(p: PartyIn) -> Party:
    return Party(
        p.id,
        p.name,
        p.role,
        p.kind,
        p.licence,
        p.qualification,
        p.dispatch_licence,
        p.registered_area,
        p.investors,
        tuple(Officer(o.person, o.role) for o in p.officers),
    )


# ---------------------------------------------------------------------------- writing


def facts_to_scenario(facts: Facts) -> dict[str, Any]:
    """A zhiqian-scenario/1 mapping (JSON-safe, amounts in yuan) that reads back to ``facts``."""
    out: dict[str, Any] = {"format": FORMAT, "id": facts.id, "title": facts.title}
    if facts.decided_on:
        out["decided_on"] = facts.decided_on.isoformat()
    if facts.arrears_from or facts.arrears_to:
        out["arrears_period"] = _drop(
            {"from": _iso(facts.arrears_from), "to": _iso(facts.arrears_to)}
        )
    out["project"] = _drop({k: getattr(facts.project, k) for k in ProjectIn.model_fields})
    out["parties"] = [_party_out(p) for p in facts.parties]
    out["contracts"] = [
        _drop(
            {
                "id": c.id,
                "from": c.src,
                "to": c.dst,
                "kind": c.kind,
                "price": _yuan(c.price),
                "paid": _yuan(c.paid),
                "unpaid": _yuan(c.unpaid),
                "overdue": _yuan(c.overdue),
                "disputed": c.disputed,
            }
        )
        for c in facts.contracts
    ]
    out["name_lending"] = [{"lender": x.lender, "borrower": x.borrower} for x in facts.name_lending]
    out["dispatch"] = [{"agency": x.agency, "user": x.user} for x in facts.dispatch]
    out["worker_groups"] = [_group_out(g) for g in facts.worker_groups]
    out["payments"] = [
        _drop(
            {
                "from": p.src,
                "to": p.dst,
                "amount": _yuan(p.amount),
                "date": _iso(p.on),
                "via": p.via,
            }
        )
        for p in facts.payments
    ]
    out["events"] = [
        _drop({"date": _iso(e.on), "kind": e.kind, "party": e.party}) for e in facts.events
    ]
    return out


def _party_out(p: Party) -> dict[str, Any]:
    return _drop(
        {
            "id": p.id,
            "name": p.name,
            "role": p.role,
            "kind": p.kind,
            "licence": p.licence,
            "qualification": p.qualification,
            "dispatch_licence": p.dispatch_licence,
            "registered_area": p.registered_area,
            "investors": list(p.investors) or None,
            "officers": [{"person": o.person, "role": o.role} for o in p.officers] or None,
        }
    )


def _group_out(g: WorkerGroup) -> dict[str, Any]:
    return _drop(
        {
            "id": g.id,
            "count": g.count,
            "owed": _yuan(g.owed),
            "per_worker_owed_max": _yuan(g.per_worker_owed_max),
            "months_owed_max": g.months_owed_max,
            "employed_by": g.employed_by,
            "contract": g.contract,
            "claim": g.claim,
            "claimant": g.claimant,
            "against": g.against,
        }
    )


def _drop(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _yuan(fen: int | None) -> float | None:
    return None if fen is None else fen_to_yuan(fen)


def dumps_scenario(facts: Facts) -> str:
    """The scenario as UTF-8 JSON text."""
    return json.dumps(facts_to_scenario(facts), ensure_ascii=False, indent=2)
