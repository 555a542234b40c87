"""Crews, rosters and payroll, streamed: workers are written as they are made and only those
in arrears are kept (on their crew) for the cases."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import cache

from loaders.synthetic import names, params
from loaders.synthetic.identifiers import IdFactory, between
from loaders.synthetic.model import ArrearsWorker, Crew, Enterprise, Party, Project
from loaders.synthetic.registry import bag

Row = Sequence[str]
Sink = Callable[[list[Row]], None]
LAST_PAYROLL_MONTH = date(params.REFERENCE_DATE.year, params.REFERENCE_DATE.month, 1) - timedelta(
    days=1
)


def _months() -> list[tuple[str, str, date]]:
    """(month 'YYYY-MM', pay day of the next month, first day) from the earliest start on."""
    out: list[tuple[str, str, date]] = []
    year, month = params.PROJECT_START[0].year, params.PROJECT_START[0].month
    while (year, month) <= (LAST_PAYROLL_MONTH.year, LAST_PAYROLL_MONTH.month):
        nxt = (year + month // 12, month % 12 + 1)
        out.append((f"{year}-{month:02d}", f"{nxt[0]}-{nxt[1]:02d}-15", date(year, month, 1)))
        year, month = nxt
    return out


MONTHS = _months()
_ENTRY_DAYS = [
    [(first + timedelta(days=d)).isoformat() for d in range(10)] for _, _, first in MONTHS
]
_PROVINCES = bag(tuple(params.ORIGIN_PROVINCES.items()))
_WAGE_HUNDREDS = (params.MONTHLY_WAGE_YUAN[0] // 100, params.MONTHLY_WAGE_YUAN[1] // 100)
VIA_ZH = {
    "wage_account": "专户代发",
    "bank_to_worker": "银行转账",
    "cash_to_worker": "现金",
    "foreman_account": "包工头代领",
}
"""How agencies write the payment_via tokens."""
_OTHER_VIA = (VIA_ZH["bank_to_worker"], VIA_ZH["foreman_account"], VIA_ZH["cash_to_worker"])
_MONTH_INDEX = {m[0]: i for i, m in enumerate(MONTHS)}


@cache
def yuan(fen: int) -> str:
    """Integer fen as a yuan amount with two decimals ('8500.00')."""
    return f"{fen // 100}.{fen % 100:02d}"


def assign_sizes(rng: random.Random, projects: Sequence[Project], total: int) -> None:
    """Spread about ``total`` workers over the projects and, within each, over its crews."""
    weights = [rng.uniform(0.3, 1.7) for _ in projects]
    per_weight = total / sum(weights)
    for project, weight in zip(projects, weights, strict=True):
        size = max(2 * len(project.crews), round(weight * per_weight))
        shares = [rng.uniform(0.5, 1.5) for _ in project.crews]
        for crew, share in zip(project.crews, shares, strict=True):
            crew.size = max(2, round(size * share / sum(shares)))


def employer_columns(project: Project, employer: Party) -> tuple[str, str, str]:
    """(employer_uscc, employer_resident_id, employer_name) as this district's roster writes."""
    if isinstance(employer, Enterprise):
        return employer.uscc, "", project.shown_name(employer)
    return "", employer.rid, employer.name


class PayrollWriter:
    """Writes the roster line and the payroll months of every worker of every crew.

    This is the hot loop of the city scale (~1M workers, ~4M payroll lines), hence the plain
    random() draws and the batching of rows per project.
    """

    def __init__(self, rng: random.Random, ids: IdFactory, roster: Sink, wages: Sink) -> None:
        self.rng = rng
        self.ids = ids
        self.roster = roster
        self.wages = wages
        self.roster_rows = 0
        self.wage_rows = 0

    def write_project(self, project: Project) -> None:
        first = _MONTH_INDEX[project.started_on.strftime("%Y-%m")]
        via = VIA_ZH["wage_account"] if project.wage_account else ""
        roster: list[Row] = []
        wages: list[Row] = []
        for crew in project.crews:
            employer = employer_columns(project, crew.employer)
            for _ in range(crew.size):
                self._worker(
                    project.code, crew, employer, first=first, via=via, out=(roster, wages)
                )
        self.roster(roster)
        self.wages(wages)
        self.roster_rows += len(roster)
        self.wage_rows += len(wages)

    def _worker(
        self,
        code: str,
        crew: Crew,
        employer: tuple[str, str, str],
        *,
        first: int,
        via: str,
        out: tuple[list[Row], list[Row]],
    ) -> None:
        roster, wages = out
        r = self.rng.random
        rid = self.ids.resident_id(_PROVINCES[int(r() * len(_PROVINCES))], male=r() < 0.9)
        name, phone = names.person_name(self.rng), self.ids.phone()
        count = min(between(self.rng, *params.MONTHS_PER_WORKER), len(MONTHS) - first)
        start = len(MONTHS) - count
        roster.append(
            (
                code,
                rid,
                name,
                phone,
                *employer,
                params.POSITIONS[int(r() * len(params.POSITIONS))],
                _ENTRY_DAYS[start][int(r() * 10)],
                "",
            )
        )
        owed_months = between(self.rng, 1, count) if r() < crew.arrears_rate else 0
        owed = self._payroll((code, rid), (start, count, owed_months), via, wages)
        if owed:
            crew.arrears.append(ArrearsWorker(rid, name, phone, owed, owed_months))

    def _payroll(
        self, who: tuple[str, str], span: tuple[int, int, int], via: str, wages: list[Row]
    ) -> int:
        """One line per month of ``span`` (first month index, months, months owed) for
        ``who`` (project code, resident id); the last months owed are unpaid or half paid.
        Returns the fen owed."""
        code, rid = who
        start, count, owed_months = span
        r = self.rng.random
        due = between(self.rng, *_WAGE_HUNDREDS) * 10_000
        how = via or _OTHER_VIA[int(r() * len(_OTHER_VIA))]
        owed = 0
        unpaid_from = start + count - owed_months
        for index in range(start, start + count):
            month, payday, _ = MONTHS[index]
            paid = due
            if index >= unpaid_from:
                paid = due // 200 * 100 if r() < 0.3 else 0
            owed += due - paid
            wages.append(
                (
                    code,
                    rid,
                    month,
                    yuan(due),
                    yuan(paid),
                    payday if paid else "",
                    how if paid else "",
                )
            )
        return owed
