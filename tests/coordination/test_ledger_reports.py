"""Ledger contents, CSV/XLSX writers and reports on a small scenario with known answers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.errors import InvalidValue
from graph.store.protocol import GraphStore
from queries.coordination import (
    assign_all,
    default_policy,
    ledger,
    report,
    transition,
    write_csv,
    write_ledger,
    write_xlsx,
)
from tests.coordination.conftest import PUDONG, add_case, build_city

POLICY = default_policy()
TODAY = date(2025, 1, 10)


def _scenario(store: GraphStore) -> None:
    """浦东: C-ORD ordinary, C-MAJ major (60 workers, gov project), C-SPE special (250 workers),
    C-OLD closed in 2024; 徐汇: C-XH ordinary."""
    build_city(store)
    add_case(store, "C-ORD", project="P-1", received_at="2025-01-06")
    add_case(store, "C-MAJ", project="P-2", received_at="2025-01-03", workers=60,
             amount_owed=150_000_000)
    add_case(store, "C-SPE", project="P-1", received_at="2025-01-08", workers=250,
             amount_owed=900_000_000)
    add_case(store, "C-XH", project="P-3", received_at="2025-01-07")
    assign_all(store, POLICY, actor="t", now=datetime(2025, 1, 8))
    add_case(store, "C-OLD", project="P-1", received_at="2024-11-01", status="closed")


def test_ledger_rows_of_a_district(store: GraphStore) -> None:
    _scenario(store)
    rows = ledger(store, POLICY, district=PUDONG, today=TODAY)
    assert [r.case_id for r in rows] == ["C-MAJ", "C-ORD", "C-SPE"]  # by deadline
    maj = rows[0]
    assert (maj.grade_title, maj.lead_unit, maj.owner, maj.guide) == (
        "重大", "浦东新区劳动保障监察大队", "郑副区长", "吴局长")
    assert maj.supervisor == "上海市人社局"
    assert (maj.deadline, maj.days_left) == ("2025-01-10", 0)  # Fri 01-03 + 5 working days
    assert (maj.district_name, maj.street_name) == ("浦东新区", "陆家嘴街道")
    assert (maj.workers, maj.amount_yuan) == (60, 1_500_000.0)
    assert rows[2].owner == "冯区长"


def test_ledger_period_and_status_filters(store: GraphStore) -> None:
    _scenario(store)
    everything = ledger(store, POLICY, status=None, today=TODAY)
    assert len(everything) == 5
    q4 = ledger(store, POLICY, status=None, period=(date(2024, 10, 1), date(2024, 12, 31)),
                today=TODAY)
    assert [r.case_id for r in q4] == ["C-OLD"]
    transition(store, "C-ORD", "verifying", actor="a", reason="r", now=datetime(2025, 1, 9))
    assert [r.case_id for r in ledger(store, POLICY, status="verifying", today=TODAY)] == ["C-ORD"]
    with pytest.raises(InvalidValue, match="status"):
        ledger(store, POLICY, status="unknown", today=TODAY)


def test_csv_has_bom_and_chinese_headers(memory_store: GraphStore, tmp_path: Path) -> None:
    _scenario(memory_store)
    rows = ledger(memory_store, POLICY, district=PUDONG, today=TODAY)
    path = tmp_path / "台账.csv"
    assert write_csv(rows, path) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("案件编号,受理日期,区划代码,所在区")
    assert "C-MAJ" in lines[1]


def test_xlsx_has_frozen_chinese_header(memory_store: GraphStore, tmp_path: Path) -> None:
    _scenario(memory_store)
    rows = ledger(memory_store, POLICY, today=TODAY)
    path = tmp_path / "ledger.xlsx"
    assert write_xlsx(rows, path) == 4
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "案件编号"
    assert sheet["H1"].value == "主办单位"
    assert sheet.max_row == 5
    assert sheet.column_dimensions["H"].width > 20


def test_write_ledger_refuses_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match=r"\.xlsx or \.csv"):
        write_ledger([], tmp_path / "ledger.pdf")


def test_special_report_lists_open_special_cases_now(store: GraphStore) -> None:
    _scenario(store)
    got = report(store, "special", POLICY, today=TODAY)
    assert got.title == "特案专报"
    assert [r.case_id for r in got.rows] == ["C-SPE"]
    assert got.kpis == ()


def test_major_monthly_report(store: GraphStore) -> None:
    _scenario(store)
    got = report(store, "major_monthly", POLICY, period="2025-01", today=TODAY)
    assert [r.case_id for r in got.rows] == ["C-MAJ"]
    assert got.summary["workers"] == 60
    assert got.summary["amount_yuan"] == 1_500_000.0
    assert (got.period_from, got.period_to) == ("2025-01-01", "2025-01-31")


def test_quarterly_reports(store: GraphStore) -> None:
    _scenario(store)
    ordinary = report(store, "ordinary_quarterly", POLICY, period="2025Q1", district=PUDONG,
                      today=TODAY)
    assert [r.case_id for r in ordinary.rows] == ["C-ORD"]
    plc = report(store, "plc_quarterly", POLICY, period="2025Q1", today=TODAY)
    assert plc.title == "政法委季度台账"
    assert sorted(r.case_id for r in plc.rows) == ["C-MAJ", "C-ORD", "C-SPE", "C-XH"]
    assert plc.summary["cases"] == 4
    kpi = {k.name: k for k in plc.kpis}
    assert (kpi["complaint_closure"].numerator, kpi["complaint_closure"].denominator) == (0, 4)


def test_unknown_report_kind(memory_store: GraphStore) -> None:
    with pytest.raises(InvalidValue, match="report kind"):
        report(memory_store, "weekly", POLICY)
