"""Cases: complaints, leads, arbitration and group incidents drawn from the workers in arrears.

Every troubled project (and every crew planted for a cross-district group) gets at least one
complaint; the rest of each kind falls on projects in proportion to their workers in arrears.
A share of complaints and arbitration cases is against employers outside construction.
"""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import accumulate

from loaders.synthetic import params
from loaders.synthetic.model import ArrearsWorker, Case, Crew, Enterprise, Party, Project
from loaders.synthetic.registry import Registry, streets, weighted

Claim = tuple[ArrearsWorker, Party]
_OLD_DAYS = 60


class CaseMaker:
    """Makes the cases of one scale; ids are given at the end, in date order per district."""

    def __init__(
        self,
        rng: random.Random,
        registry: Registry,
        scale: params.ScaleParams,
        projects: list[Project],
    ) -> None:
        self.rng = rng
        self.reg = registry
        self.scale = scale
        self.troubled = [p for p in projects if any(c.arrears for c in p.crews)]
        self.pools = {
            p.code: [(w, c.employer) for c in p.crews for w in c.arrears] for p in self.troubled
        }
        self.cum = list(accumulate(len(self.pools[p.code]) for p in self.troubled))
        self.big = [p for p in self.troubled if len(self.pools[p.code]) >= params.GROUP_SIZE[0]]
        self.big_cum = list(accumulate(len(self.pools[p.code]) for p in self.big))
        self.cases: list[Case] = []

    def make(self, planted_crews: list[tuple[Project, Crew]]) -> list[Case]:
        """All cases, ids assigned; ``planted_crews`` each get a complaint of their own."""
        budget = {
            "投诉": self.scale.complaints,
            "群体性事件": self.scale.group_incidents,
            "仲裁": self.scale.arbitrations,
            "线索": self.scale.leads,
        }
        for project, crew in planted_crews:
            if crew.arrears:
                claims = [(w, crew.employer) for w in crew.arrears]
                self._project_case("投诉", project, claims, crew.employer)
        for project in self.troubled:
            self._project_case("投诉", project, self.pools[project.code])
        budget["投诉"] = max(0, budget["投诉"] - len(self.cases))
        for kind, count in budget.items():
            for _ in range(count):
                self._one(kind)
        self._assign_ids()
        return self.cases

    def _one(self, kind: str) -> None:
        outside = kind in ("投诉", "仲裁") and self.rng.random() < params.NON_CONSTRUCTION_SHARE
        if outside or not self.troubled:
            self._outside_case(kind)
            return
        project = self._pick_project(kind)
        self._project_case(kind, project, self.pools[project.code])

    def _pick_project(self, kind: str) -> Project:
        if kind == "群体性事件":
            if self.big:
                return self.rng.choices(self.big, cum_weights=self.big_cum)[0]
            return max(self.troubled, key=lambda p: len(self.pools[p.code]))
        return self.rng.choices(self.troubled, cum_weights=self.cum)[0]

    def _claimants(self, kind: str, pool: list[Claim]) -> list[Claim]:
        low, high = {
            "群体性事件": params.GROUP_SIZE,
            "仲裁": params.ARBITRATION_CLAIMANTS,
            "线索": params.LEAD_CLAIMANTS,
        }.get(kind, params.COMPLAINT_CLAIMANTS)
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    def _project_case(
        self, kind: str, project: Project, pool: list[Claim], respondent: Party | None = None
    ) -> None:
        claims = self._claimants(kind, pool)
        respondent = respondent or self._respondent(project, claims[0][1])
        self._add(
            kind,
            (project.district, project.street),
            project,
            (respondent, self._shown(project, respondent)),
            claims,
        )

    def _respondent(self, project: Project, employer: Party) -> Party:
        """Workers complain about their employer, the one above it, or the general contractor."""
        draw = self.rng.random()
        if draw < 0.6:
            return employer
        if draw < 0.85:
            return project.upstream_of(employer) or project.gc
        return project.gc

    def _shown(self, project: Project, party: Party) -> tuple[str, str, str]:
        """How the case file names the respondent: under a variant name, without the USCC."""
        if not isinstance(party, Enterprise):
            return "", party.rid, party.name
        if party.key in project.aliases:
            return "", "", project.shown_name(party)
        return party.uscc, "", party.name

    def _outside_case(self, kind: str) -> None:
        district = self.rng.choice(self.scale.districts)
        respondent = self.reg.pick(district, "other")
        claims: list[Claim] = []
        for _ in range(self.rng.randint(*params.COMPLAINT_CLAIMANTS)):
            person = self.reg.person()
            owed = self.rng.randint(3_000, 60_000) * 100
            claims.append(
                (
                    ArrearsWorker(
                        person.rid, person.name, person.phone, owed, self.rng.randint(1, 6)
                    ),
                    respondent,
                )
            )
        street = self.rng.choice(streets(district))
        self._add(
            kind,
            (district, street),
            None,
            (respondent, (respondent.uscc, "", respondent.name)),
            claims,
        )

    def _add(
        self,
        kind: str,
        where: tuple[str, str],
        project: Project | None,
        respondent: tuple[Party, tuple[str, str, str]],
        claims: list[Claim],
    ) -> None:
        """A case of ``kind`` at ``where`` (district, street) against ``respondent`` (the party
        and how the file names it)."""
        district, area = where
        party, shown = respondent
        days = self.rng.randint(0, params.CASE_YEAR_DAYS - 1)
        received = params.REFERENCE_DATE - timedelta(days=days)
        status, outcome = self._status(kind, (params.REFERENCE_DATE - received).days)
        source = self._source(kind)
        self.cases.append(
            Case(
                cid="",
                source=source,
                kind=kind,
                received_at=received,
                status=status,
                district=district,
                area=area,
                project=project,
                respondent=party,
                respondent_shown=shown,
                claimants=claims,
                group_incident=kind == "群体性事件",
                summary=_summary(kind, project, shown[2], claims, outcome),
            )
        )

    def _source(self, kind: str) -> str:
        table = {
            "投诉": params.COMPLAINT_SOURCES,
            "群体性事件": params.GROUP_SOURCES,
            "线索": params.LEAD_SOURCES,
            "仲裁": {"仲裁": 1},
        }[kind]
        return weighted(self.rng, table)

    def _status(self, kind: str, age: int) -> tuple[str, str]:
        draw = self.rng.random()
        if kind == "仲裁":
            if draw < params.MEDIATED_SHARE:
                return "closed", "调解结案"
            if draw < params.MEDIATED_SHARE + params.AWARDED_SHARE:
                return "closed", "裁决结案"
            return "arbitration", ""
        if age > _OLD_DAYS and draw < params.CLOSED_SHARE_OLD:
            return "closed", "已办结"
        return weighted(self.rng, params.OPEN_STATUSES), ""

    def _assign_ids(self) -> None:
        """'C-310115-2025-000123': numbered per district and year in order of receipt."""
        order = sorted(
            range(len(self.cases)),
            key=lambda i: (self.cases[i].district, self.cases[i].received_at, i),
        )
        serials: dict[tuple[str, int], int] = {}
        for index in order:
            case = self.cases[index]
            key = (case.district, case.received_at.year)
            serials[key] = serials.get(key, 0) + 1
            case.cid = f"C-{case.district}-{case.received_at.year}-{serials[key]:06d}"
        self.cases = [self.cases[i] for i in order]


def _summary(
    kind: str, project: Project | None, respondent: str, claims: list[Claim], outcome: str
) -> str:
    total = sum(w.owed for w, _ in claims) // 100
    where = f"在{project.name}" if project else ""
    text = f"{len(claims)}名劳动者反映{where}被{respondent}拖欠工资共{total}元"
    if kind == "群体性事件":
        text += "，聚集讨薪"
    return f"{text}，{outcome}" if outcome else text
