"""Projects and their contract chains: owner → general contractor → subcontracts → crews.

A branch is one line of contracts under the general contractor ending at whoever employs a
crew. Patterns (转包, 违法分包给个人, 挂靠, unlicensed dispatch, partnerships, revoked and
unregistered units, unqualified subcontractors, owners overdue) are drawn with the shares in
params, and forced on 'planted' projects so that every scale holds each of them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from graph.areas import area_registry
from loaders.synthetic import names, params
from loaders.synthetic.model import Contract, Crew, Enterprise, Party, Person, Project
from loaders.synthetic.registry import Registry, streets, weighted

PROJECT_PATTERNS = ("owner_overdue", "name_lending")
BRANCH_PATTERNS = (
    "transfer",
    "let_to_individual",
    "dispatch_unlicensed",
    "partnership",
    "revoked",
    "unregistered",
    "unqualified",
)
PLANTED = (*BRANCH_PATTERNS, *PROJECT_PATTERNS)
_BRANCH_SHARES = {
    "transfer": params.TRANSFER,
    "let_to_individual": params.LET_TO_INDIVIDUAL,
    "dispatch_unlicensed": params.DISPATCH_UNLICENSED,
    "partnership": params.PARTNERSHIP,
    "revoked": params.REVOKED,
    "unregistered": params.UNREGISTERED,
    "unqualified": params.UNQUALIFIED,
}
_BRANCH_COUNTS = {str(k): v for k, v in params.BRANCHES.items()}
_DEPTHS = {str(k): v for k, v in params.DEPTH_WEIGHTS.items()}
_WORKS = {
    "building": (
        "住宅小区{}期工程",
        "商办综合体项目",
        "学校新建工程",
        "社区卫生服务中心新建工程",
        "保障性住房项目",
        "产业园厂房{}期工程",
    ),
    "municipal": ("道路改建工程", "排水管网改造工程", "绿地景观工程"),
    "transport": ("轨道交通配套工程", "公路大修工程", "公交枢纽工程"),
    "water": ("河道综合整治工程", "泵站新建工程", "供水管网工程"),
}


def chain_roles(hops: int, patterns: set[str]) -> list[str]:
    """What kind of party each contract below the general contractor goes to."""
    if hops == 0:
        roles: list[str] = []
    elif hops <= 2:
        roles = ["specialty"] * (hops - 1) + ["labour"]
    else:
        roles = ["specialty"] * (hops - 2) + ["labour", "foreman"]
    if roles and "let_to_individual" in patterns:
        roles = roles[:-2] if roles[-1] == "foreman" else roles[:-1]
        roles.append("foreman_illegal")
    elif roles and "unregistered" in patterns:
        keep = roles[:-1] if roles[-1] == "foreman" else roles
        roles = [*keep, "unregistered"]
    return roles


class ProjectBuilder:
    """Builds projects one at a time; every random draw comes from one stream."""

    def __init__(self, rng: random.Random, registry: Registry, districts: tuple[str, ...]) -> None:
        self.rng = rng
        self.reg = registry
        self.districts = districts
        self.projects: list[Project] = []
        self._serials: dict[str, int] = {}
        self._contracts = 0

    # ------------------------------------------------------------ project

    def build(
        self, district: str, forced: tuple[str, ...] = (), bottoms: tuple[Party, ...] = ()
    ) -> Project:
        """A project in ``district``; ``forced`` patterns and ``bottoms`` (crew employers planted
        for cross-district groups) make it troubled."""
        project = self._project(district)
        overdue = "owner_overdue" in forced or (
            not forced and self.rng.random() < params.OWNER_OVERDUE
        )
        general = self._general_contract(project, overdue)
        planted = bool(forced or bottoms)
        if "name_lending" in forced or (not planted and self.rng.random() < params.NAME_LENDING):
            self._lend_name(project, general, planted)
        branches = max(int(weighted(self.rng, _BRANCH_COUNTS)), len(bottoms) or 1)
        for index in range(branches):
            bottom = bottoms[index] if index < len(bottoms) else None
            patterns = set(forced) & set(BRANCH_PATTERNS) if index == 0 else set()
            if not planted:
                patterns = self._random_patterns()
            self._branch(
                project,
                general,
                patterns,
                bottom=bottom,
                overdue=overdue,
                planted=planted and index == 0,
            )
        if self.rng.random() < 0.3:
            rate = self._rate(overdue and self.rng.random() < params.TROUBLED_IF_OWNER_OVERDUE)
            project.crews.append(Crew(project.gc, general, 0, rate))
        project.patterns.extend(p for p in forced if p not in project.patterns)
        if overdue and "owner_overdue" not in project.patterns:
            project.patterns.append("owner_overdue")
        self.projects.append(project)
        return project

    def _project(self, district: str) -> Project:
        rng = self.rng
        serial = self._serials.get(district, 0) + 1
        self._serials[district] = serial
        sector = weighted(rng, params.SECTOR_WEIGHTS)
        funding = weighted(rng, params.FUNDING_WEIGHTS)
        street = rng.choice(streets(district))
        low, high = params.PROJECT_START
        started = low + timedelta(days=rng.randint(0, (high - low).days))
        owner = (
            self.reg.institution(district)
            if funding == "government"
            else self.reg.pick(district, "owner")
        )
        return Project(
            code=f"P-{district}-{started.year}-{serial:05d}",
            name=self._project_name(street, sector),
            district=district,
            street=street,
            sector=sector,
            funding=funding,
            value=rng.randint(*params.PROJECT_VALUE_YUAN) // 1000 * 1000 * 100,
            wage_account=rng.random() >= params.NO_WAGE_ACCOUNT,
            wage_deposit=rng.random() >= params.NO_WAGE_DEPOSIT,
            planning_compliant=rng.random() >= params.NOT_PLANNING_COMPLIANT,
            permit=rng.random() >= params.NO_PERMIT,
            notice_board=rng.random() >= params.NO_NOTICE_BOARD,
            started_on=started,
            owner=owner,
            gc=self._gc(district),
        )

    def _project_name(self, street: str, sector: str) -> str:
        works = self.rng.choice(_WORKS[sector]).format("一二三四"[self.rng.randint(0, 3)])
        place = area_registry().name(street).removesuffix("街道").removesuffix("镇")
        return f"{place}{names.brand(self.rng)}{works}"

    def _gc(self, district: str) -> Enterprise:
        """Mostly a local general contractor; at city scale a quarter work across districts."""
        if len(self.districts) > 1 and self.rng.random() < 0.25:
            district = self.rng.choice(self.districts)
        return self.reg.pick(district, "gc")

    # ------------------------------------------------------------ contracts

    def _contract(
        self,
        project: Project,
        frm: Party,
        to: Party,
        kind: str,
        *,
        price: int,
        troubled: bool,
        hop: int,
    ) -> Contract:
        self._contracts += 1
        paid = _whole_yuan(price * self.rng.uniform(0.4, 0.85))
        overdue = _whole_yuan((price - paid) * self.rng.uniform(0.2, 0.6)) if troubled else 0
        contract = Contract(
            cid=f"HT-{project.district}-{self._contracts:07d}",
            frm=frm,
            to=to,
            kind=kind,
            price=price,
            paid=paid,
            overdue=overdue,
            disputed=self.rng.random() < params.DISPUTED,
            signed_on=project.started_on + timedelta(days=hop * self.rng.randint(5, 40)),
        )
        project.contracts.append(contract)
        return contract

    def _general_contract(self, project: Project, overdue: bool) -> Contract:
        return self._contract(
            project,
            project.owner,
            project.gc,
            "general_contract",
            price=project.value,
            troubled=overdue,
            hop=0,
        )

    def _random_patterns(self) -> set[str]:
        drawn = {p for p, share in _BRANCH_SHARES.items() if self.rng.random() < share}
        if "let_to_individual" in drawn:  # the labour subcontractor is skipped then
            drawn -= {"partnership", "revoked"}
        return drawn

    def _troubled(self, patterns: set[str], overdue: bool, planted: bool) -> bool:
        if planted:
            return True
        if overdue:
            return self.rng.random() < params.TROUBLED_IF_OWNER_OVERDUE
        share = params.TROUBLED_IF_ANOMALY if patterns else params.TROUBLED_OTHERWISE
        return self.rng.random() < share

    def _rate(self, troubled: bool) -> float:
        if troubled:
            return self.rng.uniform(*params.ARREARS_RATE_TROUBLED)
        return params.ARREARS_RATE_NORMAL

    def _branch(
        self,
        project: Project,
        general: Contract,
        patterns: set[str],
        *,
        bottom: Party | None,
        overdue: bool,
        planted: bool,
    ) -> None:
        """One line of subcontracts under the GC ending at a crew's employer."""
        hops = int(weighted(self.rng, _DEPTHS)) - 1
        if patterns or bottom is not None:
            hops = max(hops, 2)
        roles = chain_roles(hops, patterns)
        if bottom is not None:
            roles = _with_bottom(roles, bottom)
        pending = set(patterns)
        troubled = self._troubled(patterns, overdue, planted)
        frm: Party = project.gc
        contract = general
        price = _whole_yuan(project.value * self.rng.uniform(0.15, 0.45))
        for hop, role in enumerate(roles, start=1):
            to, kind = self._hop(project.district, role, frm, pending, hop=hop, bottom=bottom)
            contract = self._contract(
                project, frm, to, kind, price=price, troubled=troubled, hop=hop
            )
            frm, price = to, _whole_yuan(price * self.rng.uniform(0.55, 0.85))
        project.patterns.extend(sorted(patterns - set(project.patterns)))
        employer = frm
        if "dispatch_unlicensed" in patterns:
            employer = self._dispatch(project, frm, contract)
        project.crews.append(Crew(employer, contract, 0, self._rate(troubled)))

    def _hop(
        self,
        district: str,
        role: str,
        frm: Party,
        patterns: set[str],
        *,
        hop: int,
        bottom: Party | None,
    ) -> tuple[Party, str]:
        if hop == 1 and "transfer" in patterns:
            return self._other_gc(district, frm), "transfer"
        if role == "bottom" and bottom is not None:
            return bottom, _kind_to(bottom, frm)
        if role in ("foreman", "foreman_illegal"):
            person = self.reg.foreman(district)
            return person, "crew_contract" if role == "foreman" else "let_to_individual"
        if role == "unregistered":
            return self.reg.unregistered_crew(district), "labour_subcontract"
        if role == "specialty":
            return self._specialty(district, patterns, hop), "specialty_subcontract"
        return self._labour(district, patterns), "labour_subcontract"

    def _other_gc(self, district: str, frm: Party) -> Enterprise:
        candidate = self.reg.pick(district, "gc")
        while candidate is frm:
            candidate = self.reg.pick(district, "gc")
        return candidate

    def _specialty(self, district: str, patterns: set[str], hop: int) -> Enterprise:
        if "unqualified" in patterns and hop <= 2:
            patterns.discard("unqualified")
            quality = self.rng.choice(("inadequate", "none"))
            return self.reg.enterprise(district, "specialty", qualification=quality)
        return self.reg.pick(district, "specialty")

    def _labour(self, district: str, patterns: set[str]) -> Enterprise:
        if "partnership" in patterns:
            return self.reg.partnership(district)
        if "revoked" in patterns:
            return self.reg.enterprise(district, "labour", status="吊销")
        if "unqualified" in patterns:
            patterns.discard("unqualified")
            return self.reg.enterprise(district, "labour", qualification="none")
        return self.reg.pick(district, "labour")

    def _dispatch(self, project: Project, frm: Party, contract: Contract) -> Party:
        """The crew is dispatched by an agency without a dispatch licence to the last company."""
        user = frm if isinstance(frm, Enterprise) else contract.frm
        if not isinstance(user, Enterprise):
            user = project.gc
        agency = self.reg.enterprise(project.district, "dispatch", dispatch_licence="no")
        project.dispatches.append((agency, user))
        return agency

    def _lend_name(self, project: Project, general: Contract, planted: bool) -> None:
        """挂靠: a foreman (or an unqualified outfit) does the job under the GC's name."""
        if self.rng.random() < 0.7:
            borrower: Party = self.reg.foreman(project.district, reuse=0.0)
        else:
            borrower = self.reg.enterprise(project.district, "labour", qualification="none")
        project.lendings.append((project.gc, borrower))
        troubled = planted or self.rng.random() < params.TROUBLED_IF_ANOMALY
        project.crews.append(Crew(borrower, general, 0, self._rate(troubled)))
        if "name_lending" not in project.patterns:
            project.patterns.append("name_lending")


def _with_bottom(roles: list[str], bottom: Party) -> list[str]:
    """Put a planted employer at the end of the chain (a company replaces the labour level)."""
    if isinstance(bottom, Enterprise) and roles[-1] == "foreman":
        roles = roles[:-1]
    return [*roles[:-1], "bottom"]


def _kind_to(party: Party, frm: Party) -> str:
    if isinstance(party, Person):
        return (
            "crew_contract"
            if isinstance(frm, Enterprise) and "劳务" in frm.name
            else ("let_to_individual")
        )
    return "labour_subcontract"


def _whole_yuan(fen: float) -> int:
    return int(fen) // 100 * 100
