"""The 'district' scale matches the documented sizes and the published case mix."""

from __future__ import annotations

from collections import Counter

from loaders.synthetic import GeneratedCity
from tests.synthetic.conftest import read_rows


def within(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= target * tolerance


def test_district_row_counts(district: GeneratedCity) -> None:
    counts = district.counts
    assert within(counts["enterprises"], 5_000, 0.15)
    assert within(counts["projects"], 200, 0.15)
    assert within(counts["rosters"], 20_000, 0.05)
    assert 3 * counts["rosters"] <= counts["wages"] <= 5 * counts["rosters"]


def test_district_case_mix(district: GeneratedCity) -> None:
    cases = read_rows(district.out_dir, "cases")
    kinds = Counter(r["kind"] for r in cases)
    assert within(kinds["投诉"], 1_900, 0.1)
    assert within(kinds["群体性事件"], 80, 0.1)
    assert within(kinds["仲裁"], 2_000, 0.1)
    assert kinds["线索"] > 0
    group_people = sum(int(r["workers"]) for r in cases if r["kind"] == "群体性事件")
    assert within(group_people, 1_900, 0.25)
    arbitration = [r for r in cases if r["kind"] == "仲裁"]
    mediated = sum(1 for r in arbitration if r["status"] == "closed" and "调解" in r["summary"])
    assert within(mediated / len(arbitration), 0.76, 0.05)
    assert {r["received_at"][:7] for r in cases} >= {"2024-11", "2025-10"}
    assert max(r["received_at"] for r in cases) <= "2025-10-31"


def test_district_projects_and_owner_arrears(district: GeneratedCity) -> None:
    contracts = read_rows(district.out_dir, "contracts")
    general = [r for r in contracts if r["kind"] == "施工总承包"]
    overdue = sum(1 for r in general if float(r["overdue"]) > 0)
    assert 0.07 <= overdue / len(general) <= 0.25
    depth = Counter(r["project"] for r in contracts)
    assert max(depth.values()) >= 6


def test_district_scale_reaches_neighbouring_districts(district: GeneratedCity) -> None:
    spans = [set(g["districts"]) for g in district.cross_district_groups]
    assert all("310115" in s and len(s) >= 2 for s in spans)
    assert all(g["case_ids"] for g in district.cross_district_groups)


def test_workers_in_arrears_are_concentrated(district: GeneratedCity) -> None:
    wages = read_rows(district.out_dir, "wages")
    owed_by_project: Counter[str] = Counter()
    for row in wages:
        if row["paid"] != row["due"]:
            owed_by_project[row["project"]] += 1
    top = sum(v for _, v in owed_by_project.most_common(len(owed_by_project) // 3))
    assert top / sum(owed_by_project.values()) > 0.6
