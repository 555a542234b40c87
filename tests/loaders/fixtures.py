"""Tiny input files for loader tests, written into a temporary directory.

Identifiers are synthetic: resident ids start with 99 (no province has that code) and
carry a valid check digit; USCCs are made-up codes with a valid check character.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from graph.values import resident_id_check_digit, uscc_check_char

PUDONG = "310115"
HUAMU = "310115010"
XUHUI = "310104"


def rid(n: int, born: str = "19900101") -> str:
    """A valid synthetic resident id (prefix 99, Shanghai 31 as the 'province' digits)."""
    first17 = f"993101{born}{n:03d}"
    return first17 + resident_id_check_digit(first17)


def uscc(n: int) -> str:
    """A valid made-up 统一社会信用代码."""
    first17 = f"91310115MA1K{n:05d}"
    return first17 + uscc_check_char(first17)


def phone(n: int) -> str:
    """A synthetic mobile number (prefix 100, accepted with synthetic ids)."""
    return f"100{n:08d}"


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def write_city(directory: Path) -> Path:
    """A small but complete set of files (Chinese headers), one per source."""
    directory.mkdir(parents=True, exist_ok=True)
    write_csv(
        directory / "enterprises.csv",
        ["统一社会信用代码", "企业名称", "主体类型", "登记状态", "建筑业资质", "注册地区划代码"],
        [
            [uscc(1), "浦江建设集团有限公司", "公司", "存续", "具备", PUDONG],
            [uscc(2), "申城劳务有限公司", "公司", "吊销", "不足", XUHUI],
            ["", "老王施工队", "施工队", "", "无", ""],
        ],
    )
    write_csv(
        directory / "persons.csv",
        ["公民身份号码", "姓名", "联系电话", "身份", "企业统一社会信用代码", "企业名称"],
        [
            [rid(1), "张三", phone(1), "法定代表人", uscc(2), "申城劳务有限公司"],
            [rid(1), "张三", phone(1), "实际控制人", uscc(1), "浦江建设集团有限公司"],
            [rid(2), "王五", "", "包工头", "", ""],
        ],
    )
    write_csv(
        directory / "projects.csv",
        [
            "项目编号",
            "项目名称",
            "行业",
            "资金来源",
            "项目所在地区划代码",
            "合同价（元）",
            "工资专用账户",
        ],
        [["P-001", "花木路改造工程", "市政", "政府投资", HUAMU, "12,000,000.00", "是"]],
    )
    write_csv(
        directory / "contracts.csv",
        [
            "合同编号",
            "项目编号",
            "发包方统一社会信用代码",
            "发包方名称",
            "承包方统一社会信用代码",
            "承包方身份证号",
            "承包方名称",
            "合同类别",
            "合同价（元）",
            "已付（元）",
        ],
        [
            [
                "C-1",
                "P-001",
                uscc(1),
                "浦江建设集团有限公司",
                uscc(2),
                "",
                "申城劳务有限公司",
                "劳务分包",
                "3000000",
                "2500000",
            ],
            [
                "C-2",
                "P-001",
                uscc(2),
                "申城劳务有限公司",
                "",
                rid(2),
                "王五",
                "班组承包",
                "800000",
                "",
            ],
        ],
    )
    write_csv(
        directory / "rosters.csv",
        [
            "项目编号",
            "公民身份号码",
            "姓名",
            "联系电话",
            "班组长身份证号",
            "用工单位名称",
            "岗位",
            "进场日期",
        ],
        [
            ["P-001", rid(10), "李四", phone(10), rid(2), "王五", "钢筋工", "2024-03-01"],
            ["P-001", rid(11), "赵六", "", rid(2), "王五", "木工", "2024/3/5"],
        ],
    )
    write_csv(
        directory / "wages.csv",
        ["项目编号", "公民身份号码", "工资月份", "应发工资（元）", "实发工资（元）", "发放日期"],
        [
            ["P-001", rid(10), "2024-03", "8000", "8000", "2024-04-10"],
            ["P-001", rid(10), "2024-04", "8000", "0", ""],
            ["P-001", rid(11), "2024年4月", "7000.50", "3000", "2024-05-10"],
        ],
    )
    write_csv(
        directory / "agencies.csv",
        [
            "部门编号",
            "部门名称",
            "部门类别",
            "层级",
            "所在区划代码",
            "主管行业",
            "上级部门编号",
            "管辖区划代码",
        ],
        [
            ["A-PD-HR", "浦东新区人社局", "人社局", "区级", PUDONG, "", "", ""],
            ["A-HM", "花木街道办事处", "街镇政府", "街镇", HUAMU, "房建；市政", "A-PD-HR", ""],
        ],
    )
    write_csv(
        directory / "officials.csv",
        ["干部编号", "姓名", "职务", "职级", "部门编号"],
        [["O-1", "陈局长", "局长", "4", "A-PD-HR"]],
    )
    write_csv(
        directory / "cases.csv",
        [
            "案件编号",
            "来源",
            "类别",
            "受理日期",
            "项目编号",
            "被投诉单位统一社会信用代码",
            "被投诉单位名称",
            "涉及人数",
            "欠薪金额（元）",
            "欠薪月数",
        ],
        [
            [
                "K-1",
                "12345",
                "投诉",
                "2024-06-01",
                "P-001",
                uscc(2),
                "申城劳务有限公司",
                "2",
                "12000.5",
                "1",
            ]
        ],
    )
    write_csv(
        directory / "claimants.csv",
        ["案件编号", "公民身份号码", "姓名", "主张金额（元）"],
        [["K-1", rid(10), "李四", "8000"], ["K-1", rid(11), "赵六", "4000.50"]],
    )
    return directory
