"""Synthetic signals for the generated city: ``write_signals(out_dir, seed)``.

Reads the city the generator wrote in ``out_dir`` (projects.csv, enterprises.csv,
contracts.csv, rosters.csv with the Chinese headers of :mod:`loaders.columns`, and
truth/risky_enterprises.json) and writes ``out_dir/signals.csv`` deterministically (same
files and seed → byte-identical output):

- every active project gets monthly attendance (from the roster's entry/exit dates), labour
  cost inflows to the wage account and payouts from it, for the last
  :data:`SERIES_MONTHS` months before the reference date;
- the planted risky enterprises get realistic trouble: their projects miss inflows and
  payouts in recent months, and they draw arrears, complaint, 舆情, petition, layoff and
  violation signals with the probabilities of :data:`TROUBLE` (not always: a planted firm
  can be quiet);
- a small share of other enterprises gets noise (:data:`NOISE_SHARE`): the same kinds of
  signal, one or two at a time.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from loaders.readers import open_table
from loaders.signals import SIGNAL_KINDS, SIGNALS
from loaders.synthetic.params import REFERENCE_DATE

SERIES_MONTHS = 4
MONTHLY_WAGE_FEN = 800_000
"""Labour cost per attending worker per month (8,000 yuan)."""
TROUBLE: dict[str, tuple[tuple[str, float, str], ...]] = {
    "owner_arrears_upstream": (
        ("gap", 0.8, ""),
        ("complaint", 0.5, "12345"),
        ("social_insurance_arrears", 0.4, "区社保中心"),
        ("public_opinion", 0.3, "区网信办"),
    ),
    "many_arrears": (
        ("gap", 0.5, ""),
        ("complaint", 0.7, "12345"),
        ("petition", 0.4, "区信访办"),
        ("public_opinion", 0.4, "区网信办"),
        ("social_insurance_arrears", 0.5, "区社保中心"),
    ),
    "repeat_defaulter_controller": (
        ("violation", 0.8, "区劳动保障监察大队"),
        ("violation", 0.5, "区劳动保障监察大队"),
        ("tax_arrears", 0.4, "区税务局"),
        ("abnormal_operation", 0.3, "区市场监管局"),
        ("layoff", 0.2, "企业裁员每日一报"),
    ),
}
"""Planted reason → (signal kind or 'gap' in the wage-account series, probability, agency)."""
NOISE_SHARE = 0.04
NOISE_KINDS = (
    ("tax_arrears", "区税务局"),
    ("utility_arrears", "区水务/电力公司"),
    ("social_insurance_arrears", "区社保中心"),
    ("public_opinion", "区网信办"),
    ("complaint", "12345"),
    ("abnormal_operation", "区市场监管局"),
)
HEADER = [c.zh for c in SIGNALS.columns]


@dataclass(slots=True)
class _Project:
    code: str
    active: bool
    gc: str | None = None


def _rows(path: Path) -> Iterator[dict[str, str]]:
    table = open_table(path)
    try:
        for _line, cells in table.rows:
            yield dict(zip(table.header, cells, strict=False))
    finally:
        table.close()


def _months(reference: date) -> list[str]:
    first = reference.year * 12 + reference.month - SERIES_MONTHS
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, first + SERIES_MONTHS)]


def _attendance(out_dir: Path, months: list[str]) -> dict[str, dict[str, int]]:
    """Project → month → workers on the roster during some day of the month."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(months, 0))
    for row in _rows(out_dir / "rosters.csv"):
        entered = (row.get("进场日期") or "0000-00")[:7]
        left = (row.get("退场日期") or "9999-99")[:7]
        series = counts[row["项目编号"]]
        for month in months:
            if entered <= month <= left:
                series[month] += 1
    return counts


def _projects(out_dir: Path) -> dict[str, _Project]:
    projects = {
        r["项目编号"]: _Project(r["项目编号"], r.get("项目状态", "在建") == "在建")
        for r in _rows(out_dir / "projects.csv")
    }
    for row in _rows(out_dir / "contracts.csv"):
        project = projects.get(row["项目编号"])
        if project is not None and row["合同类别"] in ("施工总承包", "general_contract"):
            project.gc = project.gc or row["承包方统一社会信用代码"] or None
    return projects


class _Writer:
    def __init__(self, handle: Any) -> None:
        self._csv = csv.writer(handle)
        self._csv.writerow(HEADER)
        self._n = 0

    def signal(
        self,
        kind: str,
        agency: str,
        day: date,
        *,
        uscc: str = "",
        project: str = "",
        period: str = "",
        fen: int | None = None,
        count: int | None = None,
        detail: str = "",
    ) -> None:
        self._n += 1
        amount = f"{fen // 100}.{fen % 100:02d}" if fen is not None else ""
        self._csv.writerow(
            [
                f"SYN-{self._n:07d}",
                SIGNAL_KINDS[kind],
                agency,
                day.isoformat(),
                period,
                uscc,
                "",
                project,
                amount,
                "" if count is None else str(count),
                detail,
            ]
        )


def write_signals(out_dir: Path, seed: int) -> Path:
    """Write ``out_dir/signals.csv`` for the generated city; returns its path."""
    rng = random.Random(f"zhiqian:{seed}:signals")
    risky = _risky(out_dir)
    projects = _projects(out_dir)
    months = _months(REFERENCE_DATE)
    attendance = _attendance(out_dir, months)
    gaps = _gaps(rng, risky, projects)
    path = out_dir / "signals.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = _Writer(handle)
        for code in sorted(projects):
            if projects[code].active:
                _series(writer, code, attendance.get(code, {}), months, gaps.get(code, 0))
        _troubles(writer, rng, risky)
        _noise(writer, rng, out_dir, risky)
    return path


def _risky(out_dir: Path) -> dict[str, list[str]]:
    path = out_dir / "truth" / "risky_enterprises.json"
    records = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return {r["uscc"]: list(r["reasons"]) for r in records if r.get("uscc")}


def _gaps(
    rng: random.Random, risky: dict[str, list[str]], projects: dict[str, _Project]
) -> dict[str, int]:
    """Project → how many recent months lack inflows (and one payout), for troubled GCs."""
    out = {}
    for code, project in sorted(projects.items()):
        reasons = risky.get(project.gc or "", [])
        chance = max(
            (p for r in reasons for k, p, _ in TROUBLE.get(r, ()) if k == "gap"), default=0.0
        )
        if chance and rng.random() < chance:
            out[code] = rng.choice((2, 3))
    return out


def _series(
    writer: _Writer, code: str, counts: dict[str, int], months: list[str], gap: int
) -> None:
    """Attendance, inflows and payouts of one project; the last ``gap`` months of inflows and
    the payout of the first gap month are missing."""
    for index, month in enumerate(months):
        workers = counts.get(month, 0)
        if not workers:
            continue
        day = date.fromisoformat(f"{month}-25")
        writer.signal(
            "attendance", "实名制管理平台", day, project=code, period=month, count=workers
        )
        missing = index >= len(months) - gap
        if not missing:
            writer.signal(
                "wage_account_inflow",
                "专户监管银行",
                day,
                project=code,
                period=month,
                fen=workers * MONTHLY_WAGE_FEN,
            )
        payout_missing = missing and index <= len(months) - gap + 1
        if not payout_missing and index < len(months) - 1:
            writer.signal(
                "wage_account_payout",
                "专户监管银行",
                day + timedelta(days=20),
                project=code,
                period=month,
                fen=workers * MONTHLY_WAGE_FEN,
            )


def _day(rng: random.Random, within_days: int) -> date:
    return REFERENCE_DATE - timedelta(days=rng.randrange(within_days))


def _troubles(writer: _Writer, rng: random.Random, risky: dict[str, list[str]]) -> None:
    for uscc, reasons in sorted(risky.items()):
        for reason in reasons:
            for kind, chance, agency in TROUBLE.get(reason, ()):
                if kind != "gap" and rng.random() < chance:
                    within = 25 if kind in ("layoff", "abnormal_operation") else 180
                    writer.signal(
                        kind,
                        agency,
                        _day(rng, within),
                        uscc=uscc,
                        count=rng.randrange(5, 60),
                        detail="合成数据",
                    )


def _noise(writer: _Writer, rng: random.Random, out_dir: Path, risky: dict[str, list[str]]) -> None:
    for row in _rows(out_dir / "enterprises.csv"):
        uscc = row.get("统一社会信用代码", "")
        if not uscc or uscc in risky or rng.random() >= NOISE_SHARE:
            continue
        for _ in range(rng.choice((1, 1, 2))):
            kind, agency = rng.choice(NOISE_KINDS)
            writer.signal(kind, agency, _day(rng, 300), uscc=uscc, detail="合成数据")
