"""Every knob of the synthetic city in one place (documented in docs/synthetic-data.md).

Shares are probabilities per project, per branch of a contract chain or per worker; counts
are per scale. The reference date is fixed, never today, so that output is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REFERENCE_DATE = date(2025, 10, 31)
"""'Today' of the synthetic city: cases are received in the year ending here, ages count from it."""

CASE_YEAR_DAYS = 365
PRIMARY_DISTRICT = "310115"
"""浦东新区: the district of the 'district' and 'tiny' scales."""

SHANGHAI_CITY = "3101"


@dataclass(frozen=True, slots=True)
class ScaleParams:
    """How big one scale is. ``guest_districts`` get only a few projects (neighbours where
    some defaulters of the main districts also work)."""

    name: str
    districts: tuple[str, ...]
    guest_districts: tuple[str, ...]
    enterprises: int
    projects: int
    guest_projects: int
    workers: int
    complaints: int
    group_incidents: int
    arbitrations: int
    leads: int
    planted_rounds: int
    cross_groups: int


CITY_DISTRICTS = (
    "310101",
    "310104",
    "310105",
    "310106",
    "310107",
    "310109",
    "310110",
    "310112",
    "310113",
    "310114",
    "310115",
    "310116",
    "310117",
    "310118",
    "310120",
    "310151",
)

SCALES: dict[str, ScaleParams] = {
    "tiny": ScaleParams(
        "tiny",
        (PRIMARY_DISTRICT,),
        ("310112",),
        enterprises=120,
        projects=10,
        guest_projects=3,
        workers=300,
        complaints=16,
        group_incidents=2,
        arbitrations=16,
        leads=6,
        planted_rounds=1,
        cross_groups=3,
    ),
    "district": ScaleParams(
        "district",
        (PRIMARY_DISTRICT,),
        ("310112", "310101"),
        enterprises=5_000,
        projects=200,
        guest_projects=6,
        workers=20_000,
        complaints=1_900,
        group_incidents=80,
        arbitrations=2_000,
        leads=200,
        planted_rounds=3,
        cross_groups=8,
    ),
    "city": ScaleParams(
        "city",
        CITY_DISTRICTS,
        (),
        enterprises=100_000,
        projects=20_000,
        guest_projects=0,
        workers=1_000_000,
        complaints=47_000,
        group_incidents=1_900,
        arbitrations=47_000,
        leads=4_100,
        planted_rounds=40,
        cross_groups=300,
    ),
}

# ---------------------------------------------------------------- projects

SECTOR_WEIGHTS = {"building": 80, "municipal": 10, "transport": 6, "water": 4}
FUNDING_WEIGHTS = {"government": 20, "state_owned": 20, "social": 60}
PROJECT_VALUE_YUAN = (5_000_000, 300_000_000)
NO_WAGE_ACCOUNT = 0.08
NO_WAGE_DEPOSIT = 0.12
NOT_PLANNING_COMPLIANT = 0.03
NO_PERMIT = 0.05
NO_NOTICE_BOARD = 0.10
OWNER_OVERDUE = 0.10
"""Share of projects whose owner is overdue on 工程款 to the general contractor."""
PROJECT_START = (date(2023, 1, 1), date(2025, 6, 30))

# ---------------------------------------------------------------- chains

BRANCHES = {1: 35, 2: 40, 3: 25}
"""How many subcontracting branches hang under the general contractor."""
DEPTH_WEIGHTS = {1: 12, 2: 30, 3: 28, 4: 16, 5: 9, 6: 5}
"""Contracts from the owner down to the crew's employer (1: the GC employs the crew)."""
TRANSFER = 0.05
LET_TO_INDIVIDUAL = 0.08
NAME_LENDING = 0.04
DISPATCH_UNLICENSED = 0.03
PARTNERSHIP = 0.04
REVOKED = 0.02
UNREGISTERED = 0.02
UNQUALIFIED = 0.04
DISPUTED = 0.05
TROUBLED_IF_ANOMALY = 0.6
TROUBLED_OTHERWISE = 0.12
TROUBLED_IF_OWNER_OVERDUE = 0.8

# ---------------------------------------------------------------- workers and wages

ARREARS_RATE_TROUBLED = (0.45, 0.9)
ARREARS_RATE_NORMAL = 0.01
MONTHS_PER_WORKER = (2, 6)
"""Payroll months written per worker (capped so the city's wages file stays ~4M rows)."""
MONTHLY_WAGE_YUAN = (5_000, 13_000)
POSITIONS = (
    "钢筋工",
    "木工",
    "泥瓦工",
    "架子工",
    "混凝土工",
    "电工",
    "焊工",
    "水暖工",
    "油漆工",
    "普工",
    "塔吊司机",
    "信号工",
    "防水工",
    "幕墙安装工",
)
ORIGIN_PROVINCES = {
    "34": 24,
    "41": 22,
    "51": 14,
    "43": 10,
    "32": 8,
    "36": 8,
    "42": 6,
    "50": 4,
    "52": 4,
}
"""Synthetic ids carry the migrants' real home province (安徽, 河南, 四川, 湖南, 江苏, 江西 …)."""
AGE_RANGE = (18, 60)

# ---------------------------------------------------------------- cases

NON_CONSTRUCTION_SHARE = 0.3
"""Share of complaints and arbitration cases against employers outside construction."""
GROUP_SIZE = (16, 32)
COMPLAINT_CLAIMANTS = (1, 4)
ARBITRATION_CLAIMANTS = (1, 2)
LEAD_CLAIMANTS = (1, 3)
MEDIATED_SHARE = 0.76
AWARDED_SHARE = 0.10
COMPLAINT_SOURCES = {"12345": 45, "12333": 25, "现场": 15, "信访": 10, "舆情": 5}
GROUP_SOURCES = {"现场": 60, "舆情": 20, "信访": 20}
LEAD_SOURCES = {"线索平台": 80, "舆情": 20}
OPEN_STATUSES = {
    "received": 20,
    "verifying": 20,
    "handling": 35,
    "mediation": 15,
    "inspection_filed": 10,
}
CLOSED_SHARE_OLD = 0.7
"""Share of non-arbitration cases older than 60 days that are closed."""
