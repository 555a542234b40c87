"""Loading signals: Chinese headers, encodings, bad rows named, idempotent reloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.enums import Label
from graph.errors import InvalidValue
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from loaders.signals import SIGNAL_KINDS, load_signals, signal_kind
from queries.risk.policy import default_policy
from queries.risk.score import SIGNAL_TITLES
from tests.risk.city import City, uscc

HEADER = "记录编号,信号类别,来源部门,日期,月份,统一社会信用代码,项目编号,金额（元）,人数,详情\n"


def _write(tmp_path: Path, body: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "signals.csv"
    path.write_text(HEADER + body, encoding=encoding)
    return path


def _signals(store: GraphStore) -> list[dict[str, object]]:
    return [dict(r.props) for r in store.nodes(Label.SIGNAL)]


def test_load_links_signals_to_enterprise_and_project(city: City, tmp_path: Path) -> None:
    firm = city.enterprise(1, "甲公司")
    city.project("P1")
    path = _write(
        tmp_path,
        f'R1,社保欠缴,区社保中心,2025-05-03,,{firm},,"12,000.50",,欠缴3个月\n'
        f"R2,专户入账,工商银行,2025/5/28,2025年5月,,P1,90000,,\n"
        f",考勤,实名制平台,2025-05-31,2025-05,{firm},P1,,42,\n",
        "gb18030",
    )
    report = load_signals(city.store, path)
    assert (report.read, report.written, report.unlinked, report.errors) == (3, 3, 0, [])
    rows = sorted(_signals(city.store), key=lambda r: str(r["kind"]))
    assert [(r["kind"], r.get("amount"), r.get("count"), r.get("period")) for r in rows] == [
        ("attendance", None, 42, "2025-05"),
        ("social_insurance_arrears", 1_200_050, None, None),
        ("wage_account_inflow", 9_000_000, None, "2025-05"),
    ]
    assert rows[1]["record"] == "signals.csv:2"
    about = city.store.relationships_of(NodeRef(Label.PROJECT, "P1"), direction="in")
    assert len(about) == 2


def test_reload_is_idempotent(city: City, tmp_path: Path) -> None:
    firm = city.enterprise(1, "甲公司")
    path = _write(tmp_path, f",裁员,企业裁员每日一报,2025-06-01,,{firm},,,30,\n")
    load_signals(city.store, path)
    before = city.store.counts()
    load_signals(city.store, path)
    assert city.store.counts() == before
    assert (before["Signal"], before["ABOUT"]) == (1, 1)


def test_bad_rows_are_named_and_left_out(city: City, tmp_path: Path) -> None:
    bad_code = uscc(1)[:-1] + ("0" if uscc(1)[-1] != "0" else "1")
    path = _write(
        tmp_path,
        f"R1,天气,气象局,2025-06-01,,{uscc(1)},,,,\n"
        f"R2,投诉,12345,2025-13-01,,{uscc(1)},,,,\n"
        f"R3,投诉,12345,2025-06-01,,{bad_code},,,,\n"
        f"R4,投诉,,2025-06-01,,,,,,\n",
    )
    report = load_signals(city.store, path)
    assert (report.written, report.exit_code) == (0, 2)
    assert report.errors[0].startswith("signals.csv line 2, column 信号类别: '天气' is not one of")
    assert report.errors[1] == (
        "signals.csv line 3, column 日期: '2025-13-01' is not a valid calendar date"
    )
    assert "line 4, column 统一社会信用代码" in report.errors[2]
    assert "fails its check character" in report.errors[2]
    assert report.errors[3] == "signals.csv line 5, column 来源部门: '' is required"


def test_unknown_targets_are_counted_unlinked(city: City, tmp_path: Path) -> None:
    path = _write(tmp_path, ",投诉,12345,2025-06-01,,,P-NONE,,,\n")
    report = load_signals(city.store, path)
    assert (report.written, report.unlinked) == (1, 1)


def test_xlsx_with_english_headers(city: City, tmp_path: Path) -> None:
    firm = city.enterprise(1, "甲公司")
    book = Workbook()
    sheet = book.active
    sheet.append(["kind", "source_agency", "date", "uscc", "detail"])
    sheet.append(["public_opinion", "网信办", "2025-06-02", firm, "网帖称拖欠工资"])
    path = tmp_path / "signals.xlsx"
    book.save(path)
    report = load_signals(city.store, path)
    assert report.written == 1
    assert _signals(city.store)[0]["detail"] == "网帖称拖欠工资"


def test_every_kind_is_known_to_the_policy_or_a_monthly_series() -> None:
    monthly = {"attendance", "wage_account_inflow", "wage_account_payout"}
    weighted = set(default_policy().signal_points)
    assert set(SIGNAL_KINDS) == weighted | monthly
    assert SIGNAL_TITLES == SIGNAL_KINDS  # queries cannot import loaders: the two must agree
    assert signal_kind("企业裁员每日一报") == "layoff"
    with pytest.raises(InvalidValue):
        signal_kind("其他")
