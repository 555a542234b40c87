"""The same generated CSV files, loaded into Ladybug (the maintained Kùzu fork, embedded, Cypher),
and the equivalent chain read and cross-district aggregation run there.

Ladybug's COPY needs one CSV per node/relationship table with its own key columns, so the agency
files are first reshaped into that form (timed separately); the parties are keyed exactly as the
embedded store keys them (USCC, or the name digest of graph.ids, or the keyed hash of the id).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.ids import enterprise_key
from graph.privacy import Pseudonymiser

CHAIN_QUERY = (
    "MATCH (o:Party {id: $owner})-[e:CONTRACTS_TO*1..10 (r, n | WHERE r.project = $project)]->"
    "(b:Party) RETURN DISTINCT b.id"
)
EDGES_QUERY = (
    "MATCH (a:Party)-[r:CONTRACTS_TO]->(b:Party) WHERE r.project = $project "
    "RETURN a.id, b.id, r.kind"
)
CROSS_DISTRICT_QUERY = (
    "MATCH (c:ArrearsCase)-[:AGAINST]->(p:Party), (c)-[:CONCERNS]->(j:Project) "
    "WHERE c.status <> 'closed' "
    "WITH p, collect(DISTINCT substring(j.area, 1, 6)) AS districts "
    "WHERE size(districts) >= 2 RETURN p.id, districts"
)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _party(row: dict[str, str], prefix: str, hasher: Pseudonymiser) -> str:
    uscc = row.get(f"{prefix}统一社会信用代码", "").strip()
    rid = row.get(f"{prefix}身份证号", "").strip()
    if uscc:
        return uscc
    if rid:
        return hasher.person_key(rid.upper())
    return enterprise_key(None, row[f"{prefix}名称"])


def reshape(city_dir: Path, out: Path, hasher: Pseudonymiser) -> dict[str, int]:
    """Write Ladybug-shaped CSVs (Party, Project, Case, CONTRACTS_TO, AGAINST, CONCERNS)."""
    out.mkdir(parents=True, exist_ok=True)
    parties: dict[str, str] = {}
    contracts, owners = [], {}
    for row in _rows(city_dir / "contracts.csv"):
        a, b = _party(row, "发包方", hasher), _party(row, "承包方", hasher)
        parties.setdefault(a, "x")
        parties.setdefault(b, "x")
        contracts.append((a, b, row["项目编号"], row["合同类别"]))
        if row["合同类别"] in ("general_contract", "施工总承包"):
            owners.setdefault(row["项目编号"], a)
    projects = [
        (r["项目编号"], r["项目所在地区划代码"], owners.get(r["项目编号"], ""))
        for r in _rows(city_dir / "projects.csv")
    ]
    cases, against, concerns = [], [], []
    for row in _rows(city_dir / "cases.csv"):
        cases.append((row["案件编号"], row.get("状态") or "received"))
        respondent = _respondent(row, hasher)
        if respondent:
            parties.setdefault(respondent, "x")
            against.append((row["案件编号"], respondent))
        if row.get("项目编号"):
            concerns.append((row["案件编号"], row["项目编号"]))
    _write(out / "party.csv", [(p,) for p in sorted(parties)])
    _write(out / "project.csv", projects)
    _write(out / "case.csv", cases)
    _write(out / "contracts_to.csv", contracts)
    _write(out / "against.csv", against)
    _write(out / "concerns.csv", concerns)
    return {"parties": len(parties), "contracts": len(contracts), "cases": len(cases)}


def _respondent(row: dict[str, str], hasher: Pseudonymiser) -> str | None:
    uscc = row.get("被投诉单位统一社会信用代码", "").strip()
    rid = row.get("被投诉人身份证号", "").strip()
    if uscc:
        return uscc
    if rid:
        return hasher.person_key(rid.upper())
    name = row.get("被投诉单位名称", "").strip()
    return enterprise_key(None, name) if name else None


def _write(path: Path, rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


class LadybugCity:
    """A Ladybug database holding the reshaped city."""

    def __init__(self, db_dir: Path) -> None:
        import ladybug

        for old in db_dir.parent.glob(db_dir.name + "*"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        self._db = ladybug.Database(str(db_dir))
        self.conn = ladybug.Connection(self._db)

    def load(self, shaped: Path) -> None:
        c = self.conn
        c.execute("CREATE NODE TABLE Party(id STRING, PRIMARY KEY(id))")
        c.execute(
            "CREATE NODE TABLE Project(code STRING, area STRING, owner STRING, PRIMARY KEY(code))"
        )
        c.execute("CREATE NODE TABLE ArrearsCase(id STRING, status STRING, PRIMARY KEY(id))")
        c.execute("CREATE REL TABLE CONTRACTS_TO(FROM Party TO Party, project STRING, kind STRING)")
        c.execute("CREATE REL TABLE AGAINST(FROM ArrearsCase TO Party)")
        c.execute("CREATE REL TABLE CONCERNS(FROM ArrearsCase TO Project)")
        for table, file in (
            ("Party", "party"),
            ("Project", "project"),
            ("ArrearsCase", "case"),
            ("CONTRACTS_TO", "contracts_to"),
            ("AGAINST", "against"),
            ("CONCERNS", "concerns"),
        ):
            c.execute(f"COPY {table} FROM '{shaped / (file + '.csv')}' (header=false)")

    def owners(self) -> dict[str, str]:
        result = self.conn.execute("MATCH (p:Project) WHERE p.owner <> '' RETURN p.code, p.owner")
        return {row[0]: row[1] for row in _all(result)}

    def chain(self, project: str, owner: str) -> list[Any]:
        return _all(self.conn.execute(CHAIN_QUERY, {"owner": owner, "project": project}))

    def edges(self, project: str) -> list[Any]:
        return _all(self.conn.execute(EDGES_QUERY, {"project": project}))

    def cross_district(self) -> dict[str, tuple[str, ...]]:
        rows = _all(self.conn.execute(CROSS_DISTRICT_QUERY))
        return {row[0]: tuple(sorted(row[1])) for row in rows}


def _all(result: Any) -> list[Any]:
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def checksum(items: Any) -> str:
    """A digest of a sorted representation, to compare answers of the two engines."""
    text = repr(sorted(items))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
