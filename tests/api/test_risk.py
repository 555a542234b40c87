"""Risk monitoring over HTTP: the risk ledger, explanations, warnings and the watchlist.

The two-district world of conftest gets compliance gaps and signals dated relative to
today (write endpoints act as of today): P-PD has no wage account (W05 on its general
contractor GC), P-XH no notice board (W07 on XH_GC); GC announced a layoff five days ago
and SUB has a serious violation, so both meet an entry condition of the list; the owner
meets none. Every graded row of 浦东 lies in street 310115004, every row of 徐汇 in 310104.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from api.audit import AuditLog, audit_db_path
from api.routes.risk import RiskCache, get_risk_policy
from graph.enums import Label, RelType
from loaders.signals import about, signal_props
from queries.risk.ledger import titles
from queries.risk.policy import RiskPolicy, default_policy
from tests.api.conftest import GC, OWNER, SUB, XH_GC, World

TODAY = date.today()
CAMPAIGN_START = TODAY - timedelta(days=28)
LISTED_ON = TODAY - timedelta(days=21)
PD_ROWS = {GC, SUB, "P-PD"}
XH_ROWS = {XH_GC, "P-XH"}


def _signal(w: World, n: int, kind: str, days_ago: int, eid: str, **extra: object) -> None:
    day = (TODAY - timedelta(days=days_ago)).isoformat()
    row = {"kind": kind, "source_agency": "市场监管局", "date": day,
           "uscc": eid, "enterprise_name": None, "project": None, "record_id": f"R{n}", **extra}
    props = signal_props(row, f"test:{n}")
    w.store.upsert_nodes(Label.SIGNAL, [props])
    w.store.upsert_relationships(RelType.ABOUT, about(props))


def _policy() -> RiskPolicy:
    return default_policy().model_copy(update={"campaign_start": CAMPAIGN_START})


@pytest.fixture
def risky(world: World) -> Iterator[World]:
    """The world with warnings, signals, a campaign in the policy and SUB listed by rule
    three weeks ago."""
    w = world
    w.store.upsert_nodes(Label.PROJECT, [{"code": "P-PD", "wage_account": False},
                                         {"code": "P-XH", "notice_board": False}])
    _signal(w, 1, "layoff", 5, GC, count=40)
    _signal(w, 2, "violation", 10, SUB, amount=12_000_000)
    w.store.upsert_nodes(Label.ENTERPRISE, [{
        "eid": SUB, "watchlist": True, "watchlist_since": LISTED_ON.isoformat(),
        "watchlist_reason": "严重违法", "watchlist_history": []}])
    app = w.client.app
    app.dependency_overrides[get_risk_policy] = _policy  # type: ignore[attr-defined]
    yield w
    app.dependency_overrides.clear()  # type: ignore[attr-defined]


def _get(w: World, who: str, path: str) -> list[dict[str, Any]]:
    response = w.client.get(path, headers=w.as_(who))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _audit(w: World) -> list[tuple[str, str]]:
    rows, _ = AuditLog(audit_db_path(w.settings.data_dir)).rows()
    return sorted((r.action, r.resource) for r in rows)


# ------------------------------------------------------------------ ledger


def test_ledger_rows_are_graded_routed_and_confined_to_the_scope(risky: World) -> None:
    pd = _get(risky, "pd_investigator", "/v1/risk/ledger")
    assert {r["key"] for r in pd} == PD_ROWS
    assert all(str(r["area"]).startswith("310115004") for r in pd)
    assert [r["score"] for r in pd] == sorted((r["score"] for r in pd), reverse=True)
    gc = next(r for r in pd if r["key"] == GC)
    assert gc["grade"] == "黄色"
    assert "裁员" in str(gc["reasons"])
    assert gc["responsible_unit"] == "浦东新区劳动保障监察大队"
    assert "核查考勤与工资发放记录" in str(gc["measures"])
    assert {r["key"] for r in _get(risky, "xh_investigator", "/v1/risk/ledger")} == XH_ROWS
    assert {r["key"] for r in _get(risky, "street_investigator", "/v1/risk/ledger")} == PD_ROWS
    assert {r["key"] for r in _get(risky, "admin", "/v1/risk/ledger")} == PD_ROWS | XH_ROWS


def test_ledger_filters_and_pages(risky: World) -> None:
    admin = "admin"
    assert {r["key"] for r in _get(risky, admin, "/v1/risk/ledger?district=310104")} == XH_ROWS
    blue = _get(risky, admin, "/v1/risk/ledger?grade=blue")
    assert {r["key"] for r in blue} == {"P-PD", "P-XH"}
    page = risky.client.get("/v1/risk/ledger?size=2&page=2", headers=risky.as_(admin)).json()
    assert (page["total"], len(page["items"]), page["page"]) == (5, 2, 2)
    refused = risky.client.get("/v1/risk/ledger?district=310104",
                               headers=risky.as_("pd_investigator"))
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_ledger_downloads_as_csv_and_xlsx(risky: World) -> None:
    response = risky.client.get("/v1/risk/ledger?format=csv", headers=risky.as_("pd_analyst"))
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == titles()
    assert "所在区划" in table[0]
    assert {row[1] for row in table[1:]} == PD_ROWS
    xlsx = risky.client.get("/v1/risk/ledger?format=xlsx", headers=risky.as_("pd_analyst"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.title == "风险台账"
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == PD_ROWS


# ------------------------------------------------------------------ explain and warnings


def test_explain_names_every_contribution(risky: World) -> None:
    response = risky.client.get(f"/v1/risk/explain/enterprise/{SUB}",
                                headers=risky.as_("pd_analyst"))
    assert response.status_code == 200
    sub = response.json()
    parts = sub["contributions"]
    assert sub["score"] == pytest.approx(sum(c["points"] for c in parts))
    assert {c["code"] for c in parts} >= {"arrears", "open_case", "signal:violation"}
    assert sub["grade"] == "yellow"
    assert len(sub["lines"]) == len(parts)
    assert sub["area"] == "310115004"
    assert sub["as_of"] == TODAY.isoformat()
    owner = risky.client.get(f"/v1/risk/explain/enterprise/{OWNER}",
                             headers=risky.as_("pd_analyst")).json()
    assert (owner["score"], owner["grade"], owner["grade_zh"]) == (0, None, "低")
    project = risky.client.get("/v1/risk/explain/project/P-PD", headers=risky.as_("admin"))
    assert any(c["code"] == "warning:W05_no_wage_account" for c in project.json()["contributions"])


def test_explain_refuses_unknown_and_out_of_scope(risky: World) -> None:
    missing = risky.client.get("/v1/risk/explain/project/P-NONE", headers=risky.as_("admin"))
    assert missing.status_code == 404
    body = missing.json()
    assert body["status"] == 404
    assert body["title_zh"] == "未找到"
    assert "P-NONE" in body["detail"]
    foreign = risky.client.get(f"/v1/risk/explain/enterprise/{XH_GC}",
                               headers=risky.as_("pd_investigator"))
    assert foreign.status_code == 403


def test_warnings_carry_rule_article_facts_and_unit_within_scope(risky: World) -> None:
    pd = _get(risky, "pd_external", "/v1/risk/warnings")
    assert [(w["rule_id"], w["project"], w["enterprise"]) for w in pd] == [
        ("W05_no_wage_account", "P-PD", GC)]
    warning = pd[0]
    assert warning["article"] == "条例第26条"
    assert warning["facts"] == {"status": "在建"}
    assert warning["project_name"] == "浦东某小区二期"
    assert warning["area"] == "310115004"
    assert "浦东新区劳动保障监察大队" in str(warning["responsible_unit"])
    xh = _get(risky, "xh_investigator", "/v1/risk/warnings")
    assert [w["rule_id"] for w in xh] == ["W07_no_notice_board"]
    assert {w["project"] for w in _get(risky, "admin", "/v1/risk/warnings")} == {"P-PD", "P-XH"}
    assert [w["project"] for w in _get(risky, "admin", "/v1/risk/warnings?rule=W07")] == ["P-XH"]
    assert _get(risky, "admin", "/v1/risk/warnings?district=310115&rule=W07") == []
    assert _get(risky, "admin", "/v1/risk/warnings?project=P-XH")[0]["rule_id"].startswith("W07")


def test_warnings_for_a_foreign_or_unknown_project_are_refused(risky: World) -> None:
    client, pd = risky.client, risky.as_("pd_investigator")
    assert client.get("/v1/risk/warnings?project=P-XH", headers=pd).status_code == 403
    assert client.get("/v1/risk/warnings?project=P-NONE", headers=pd).status_code == 404


# ------------------------------------------------------------------ watchlist


def test_watchlist_lists_entries_in_scope_with_their_conditions(risky: World) -> None:
    pd = _get(risky, "pd_analyst", "/v1/watchlist")
    assert [(e["eid"], e["since"], e["exit_allowed"]) for e in pd] == [
        (SUB, LISTED_ON.isoformat(), False)]
    assert any("严重违法" in r for r in pd[0]["current_reasons"])
    assert _get(risky, "xh_investigator", "/v1/watchlist") == []


def test_manual_entry_and_exit_are_audited(risky: World) -> None:
    client, pd = risky.client, risky.as_("pd_investigator")
    entered = client.post("/v1/watchlist", headers=pd,
                          json={"eid": OWNER, "reason": "舆情反映可能集中欠薪"})
    assert entered.status_code == 201
    assert entered.json()["exit_allowed"] is True
    assert entered.json()["since"] == TODAY.isoformat()
    assert {e["eid"] for e in _get(risky, "pd_analyst", "/v1/watchlist")} == {SUB, OWNER}
    again = client.post("/v1/watchlist", headers=pd, json={"eid": OWNER, "reason": "重复"})
    assert again.status_code == 409
    left = client.delete(f"/v1/watchlist/{OWNER}?reason=已核实无欠薪", headers=pd)
    assert left.status_code == 200
    assert left.json()["watchlist"] is False
    assert {e["eid"] for e in _get(risky, "pd_analyst", "/v1/watchlist")} == {SUB}
    assert _audit(risky) == [("watchlist.enter", f"Enterprise:{OWNER}"),
                             ("watchlist.exit", f"Enterprise:{OWNER}")]


def test_exit_is_refused_while_an_entry_condition_holds(risky: World) -> None:
    client, pd = risky.client, risky.as_("pd_investigator")
    assert client.post("/v1/watchlist", headers=pd,
                       json={"eid": GC, "reason": "裁员"}).status_code == 201
    refused = client.delete(f"/v1/watchlist/{GC}?reason=已整改", headers=pd)
    assert refused.status_code == 409
    assert refused.json()["title_zh"] == "与现有状态冲突"
    assert "裁员" in refused.json()["detail"]
    assert client.delete(f"/v1/watchlist/{SUB}?reason=已整改", headers=pd).status_code == 409
    assert client.delete(f"/v1/watchlist/{XH_GC}?reason=x",
                         headers=risky.as_("admin")).status_code == 409  # not listed
    assert [a for a, _ in _audit(risky)] == ["watchlist.enter"]


def test_only_writers_in_scope_change_the_list(risky: World) -> None:
    client, body = risky.client, {"eid": OWNER, "reason": "手工纳入"}
    for reader in ("pd_external", "pd_analyst"):
        assert client.post("/v1/watchlist", headers=risky.as_(reader), json=body).status_code == 403
        assert client.delete(f"/v1/watchlist/{SUB}?reason=x",
                             headers=risky.as_(reader)).status_code == 403
        assert client.post(f"/v1/watchlist/{SUB}/visits", headers=risky.as_(reader),
                           json={"visitor": "O-1"}).status_code == 403
    foreign = client.post("/v1/watchlist", headers=risky.as_("xh_investigator"),
                          json={"eid": GC, "reason": "越权"})
    assert foreign.status_code == 403
    assert _audit(risky) == []


def test_bad_entries_are_404_or_422(risky: World) -> None:
    client, pd = risky.client, risky.as_("pd_investigator")
    missing = client.post("/v1/watchlist", headers=pd, json={"eid": "X-NONE", "reason": "r"})
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/not-found")
    empty = client.post("/v1/watchlist", headers=pd, json={"eid": OWNER, "reason": ""})
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"].endswith("reason")
    future = (TODAY + timedelta(days=1)).isoformat()
    late = client.post(f"/v1/watchlist/{SUB}/visits", headers=pd,
                       json={"visitor": "O-1", "date": future})
    assert late.status_code == 422
    assert late.json()["errors"][0]["field"] == "date"


def test_visits_clear_overdue_weeks_and_are_audited(risky: World) -> None:
    overdue = _get(risky, "pd_analyst", "/v1/watchlist/overdue")
    assert [o["eid"] for o in overdue] == [SUB]
    missed = list(overdue[0]["missed_weeks"])
    assert len(missed) >= 2
    assert overdue[0]["responsible_unit"] == "浦东新区劳动保障监察大队"
    first_monday = LISTED_ON + timedelta(days=(7 - LISTED_ON.weekday()) % 7)
    visit = risky.client.post(f"/v1/watchlist/{SUB}/visits", headers=risky.as_("pd_investigator"),
                              json={"visitor": "O-1", "date": first_monday.isoformat()})
    assert visit.status_code == 201
    assert visit.json()["agency"] == "PD-LI"
    after = _get(risky, "pd_analyst", "/v1/watchlist/overdue")
    assert list(after[0]["missed_weeks"]) == missed[1:]
    assert _get(risky, "xh_investigator", "/v1/watchlist/overdue") == []
    assert _audit(risky) == [("watchlist.visit", f"Enterprise:{SUB}")]


# ------------------------------------------------------------------ the cache


def test_assessment_is_computed_once_per_day_and_dropped_on_list_changes(risky: World) -> None:
    client, pd = risky.client, risky.as_("pd_investigator")
    for path in ("/v1/risk/ledger", "/v1/risk/warnings", "/v1/watchlist"):
        assert client.get(path, headers=pd).status_code == 200
    cache: RiskCache = client.app.state.risk_cache  # type: ignore[attr-defined]
    assert cache.computed == 1
    client.get("/v1/risk/ledger?as_of=2024-06-30", headers=pd)
    assert cache.computed == 2
    client.post("/v1/watchlist", headers=pd, json={"eid": GC, "reason": "裁员"})
    assert cache.computed == 2  # the entry answers from the assessment it was checked on
    listed = client.get("/v1/risk/ledger", headers=pd).json()["items"]
    assert cache.computed == 3
    assert next(r for r in listed if r["key"] == GC)["watchlist"] == "是"


def test_cache_keeps_a_bounded_number_of_days(risky: World) -> None:
    cache = RiskCache(size=2)
    policy = _policy()
    for day in (TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2), TODAY):
        cache.get(risky.store, day, policy)
    assert cache.computed == 4  # TODAY was evicted by the third day
    cache.get(risky.store, TODAY, policy)
    assert cache.computed == 4


def test_any_successful_write_drops_the_cached_assessment(risky: World) -> None:
    from tests.api.test_cases import _intake

    client, pd = risky.client, risky.as_("pd_investigator")
    assert client.get("/v1/risk/ledger", headers=pd).status_code == 200
    cache: RiskCache = client.app.state.risk_cache  # type: ignore[attr-defined]
    assert client.post("/v1/cases", json=_intake(id="C-RISK"), headers=pd).status_code == 201
    client.get("/v1/risk/ledger", headers=pd)
    assert cache.computed == 2  # the new case is in the recomputed assessment
    refused = client.post("/v1/cases", json=_intake(id="C-RISK"), headers=risky.as_("pd_analyst"))
    assert refused.status_code >= 400
    client.get("/v1/risk/ledger", headers=pd)
    assert cache.computed == 2  # a refused write changes nothing
