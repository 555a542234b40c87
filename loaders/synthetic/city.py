"""generate(): build the synthetic city and write its input files and truth files."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.errors import InvalidValue
from loaders.columns import (
    AGENCIES,
    CASES,
    CLAIMANTS,
    CONTRACTS,
    DISPATCH,
    ENTERPRISES,
    NAME_LENDING,
    OFFICIALS,
    PERSONS,
    PROJECTS,
    ROSTERS,
    SOURCES,
    WAGES,
    Source,
)
from loaders.synthetic import agencies, groups, rows, truth
from loaders.synthetic.cases import CaseMaker
from loaders.synthetic.identifiers import IdFactory
from loaders.synthetic.model import Case, Crew, Project
from loaders.synthetic.output import FORMATS, Table, file_name
from loaders.synthetic.params import REFERENCE_DATE, SCALES, ScaleParams
from loaders.synthetic.projects import PLANTED, ProjectBuilder
from loaders.synthetic.registry import Registry
from loaders.synthetic.workers import PayrollWriter, assign_sizes

ENCODINGS = ("utf-8", "gb18030")
_ORDER = {s.file_stem: i for i, s in enumerate(SOURCES)}
GUEST_POOL = 40
Progress = Callable[[str], None]


@dataclass(frozen=True)
class GeneratedCity:
    """What generate() wrote, and the truth it planted."""

    scale: str
    seed: int
    out_dir: Path
    files: list[Path]
    counts: dict[str, int]
    """Rows per source (by source name)."""
    reference_date: date = REFERENCE_DATE
    cross_district_groups: list[dict[str, Any]] = field(default_factory=list)
    risky_enterprises: list[dict[str, Any]] = field(default_factory=list)
    scenario_count: int = 0
    truth_files: list[Path] = field(default_factory=list)

    @property
    def scenarios_path(self) -> Path:
        return self.out_dir / "truth" / "scenarios.jsonl"


def stream(seed: int, name: str) -> random.Random:
    """An independent random stream per purpose (string seeds go through SHA-512, not hash())."""
    return random.Random(f"zhiqian:{seed}:{name}")


def generate(
    scale: str,
    seed: int,
    out_dir: Path,
    *,
    fmt: str = "csv",
    encoding: str = "utf-8",
    progress: Progress | None = None,
) -> GeneratedCity:
    """Write the synthetic city of ``scale`` for ``seed`` into ``out_dir``.

    The same scale, seed, format and encoding give byte-identical files. Raises InvalidValue
    for an unknown scale, format or encoding.
    """
    params = _check(scale, fmt, encoding)
    say = progress or (lambda _: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    _refuse_other_format(out_dir, fmt)
    writer = _Writer(out_dir, fmt, encoding)
    world = _World(params, seed)
    say("企业与项目")
    world.build()
    say("花名册与工资")
    world.payroll(writer)
    say("案件")
    cases = world.cases()
    say("部门与干部")
    world.write_static(writer, cases)
    say("真值文件")
    city = world.write_truth(out_dir, writer, cases)
    if fmt != "csv" or encoding != "utf-8":
        return city
    say("预警信号")
    return _with_signals(city, out_dir, seed)


def _with_signals(city: GeneratedCity, out_dir: Path, seed: int) -> GeneratedCity:
    """Add the risk signals agencies share (专户, 考勤, 社保, 舆情 …) for the generated city."""
    from loaders.synthetic_signals import write_signals

    path = write_signals(out_dir, seed)
    with path.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    return dataclasses.replace(
        city, files=[*city.files, path], counts={**city.counts, "signals": rows}
    )


def _check(scale: str, fmt: str, encoding: str) -> ScaleParams:
    if scale not in SCALES:
        raise InvalidValue("scale", scale, f"is not one of {', '.join(SCALES)}")
    if fmt not in FORMATS:
        raise InvalidValue("format", fmt, f"is not one of {', '.join(FORMATS)}")
    if encoding.lower() not in ENCODINGS or (fmt == "xlsx" and encoding.lower() != "utf-8"):
        raise InvalidValue("encoding", encoding, "must be utf-8, or gb18030 for csv")
    return SCALES[scale]


def _refuse_other_format(out_dir: Path, fmt: str) -> None:
    """Input files of the other format would be loaded too: refuse rather than delete them."""
    for other in FORMATS:
        stale = [file_name(s, other) for s in SOURCES if (out_dir / file_name(s, other)).exists()]
        if other != fmt and stale:
            raise InvalidValue("out_dir", str(out_dir), f"already holds {stale[0]}; use another")


class _Writer:
    def __init__(self, out_dir: Path, fmt: str, encoding: str) -> None:
        self.out_dir, self.fmt, self.encoding = out_dir, fmt, encoding
        self.files: list[Path] = []
        self.counts: dict[str, int] = {}

    def open(self, source: Source) -> Table:
        return Table(self.out_dir / file_name(source, self.fmt), source, self.fmt, self.encoding)

    def done(self, table: Table) -> None:
        self.files.append(table.close())
        self.counts[table.source.name] = table.rows

    def dicts(self, source: Source, records: Any) -> None:
        table = self.open(source)
        for record in records:
            table.write(rows.ordered(source, record))
        self.done(table)


class _World:
    """The city under construction."""

    def __init__(self, params: ScaleParams, seed: int) -> None:
        self.params = params
        self.seed = seed
        self.ids = IdFactory(stream(seed, "ids"))
        self.reg = Registry(stream(seed, "registry"), self.ids)
        self.builder = ProjectBuilder(stream(seed, "projects"), self.reg, params.districts)
        self.plans: list[groups.GroupPlan] = []
        self.planted_crews: list[tuple[Project, Crew]] = []

    @property
    def projects(self) -> list[Project]:
        return self.builder.projects

    def build(self) -> None:
        p = self.params
        guests = len(p.guest_districts) * GUEST_POOL
        for district in p.districts:
            self.reg.fill_pools(district, max(40, (p.enterprises - guests) // len(p.districts)))
        for district in p.guest_districts:
            self.reg.fill_pools(district, GUEST_POOL)
        self.plans = groups.plant(stream(self.seed, "groups"), self.reg, p)
        for plan in self.plans:
            self._plant_group(plan)
        for index in range(p.planted_rounds * len(PLANTED)):
            district = p.districts[index % len(p.districts)]
            self.builder.build(district, forced=(PLANTED[index % len(PLANTED)],))
        self._fill(p.districts, p.projects // len(p.districts))
        self._fill(p.guest_districts, p.guest_projects)

    def _plant_group(self, plan: groups.GroupPlan) -> None:
        for district in plan.districts:
            bottoms = plan.bottoms[district]
            project = self.builder.build(district, bottoms=bottoms)
            project.aliases.update(plan.aliases.get(district, {}))
            plan.projects.append(project.code)
            keys = {b.key for b in bottoms}
            self.planted_crews.extend((project, c) for c in project.crews if c.employer.key in keys)

    def _fill(self, districts: tuple[str, ...], quota: int) -> None:
        for district in districts:
            have = sum(1 for p in self.projects if p.district == district)
            for _ in range(quota - have):
                self.builder.build(district)

    def payroll(self, writer: _Writer) -> None:
        assign_sizes(stream(self.seed, "crews"), self.projects, self.params.workers)
        roster, wages = writer.open(ROSTERS), writer.open(WAGES)
        payroll = PayrollWriter(
            stream(self.seed, "workers"), self.ids, roster.write_many, wages.write_many
        )
        for project in self.projects:
            payroll.write_project(project)
        writer.done(roster)
        writer.done(wages)

    def cases(self) -> list[Case]:
        maker = CaseMaker(stream(self.seed, "cases"), self.reg, self.params, self.projects)
        return maker.make(self.planted_crews)

    def write_static(self, writer: _Writer, cases: list[Case]) -> None:
        ents = self.reg.enterprises
        writer.dicts(ENTERPRISES, (rows.enterprise_row(e) for e in ents))
        writer.dicts(PERSONS, self._person_records())
        writer.dicts(PROJECTS, (rows.project_row(p) for p in self.projects))
        writer.dicts(
            CONTRACTS, (rows.contract_row(p, c) for p in self.projects for c in p.contracts)
        )
        writer.dicts(
            NAME_LENDING, (rows.lending_row(p, a, b) for p in self.projects for a, b in p.lendings)
        )
        writer.dicts(
            DISPATCH, (rows.dispatch_row(p, a, u) for p in self.projects for a, u in p.dispatches)
        )
        all_agencies = agencies.city_agencies()
        for district in (*self.params.districts, *self.params.guest_districts):
            all_agencies.extend(agencies.district_agencies(district))
        writer.dicts(AGENCIES, (rows.agency_row(a) for a in all_agencies))
        people = agencies.officials(stream(self.seed, "officials"), all_agencies)
        writer.dicts(OFFICIALS, (rows.official_row(o) for o in people))
        writer.dicts(CASES, (rows.case_row(c) for c in cases))
        writer.dicts(CLAIMANTS, (r for c in cases for r in rows.claimant_rows(c)))

    def _person_records(self) -> Any:
        for ent in self.reg.enterprises:
            yield from rows.officer_rows(ent)
        for foreman in self.reg.foremen:
            yield {
                "resident_id": foreman.rid,
                "name": foreman.name,
                "phone": foreman.phone,
                "role": rows.ROLE_ZH["foreman"],
            }

    def write_truth(self, out_dir: Path, writer: _Writer, cases: list[Case]) -> GeneratedCity:
        folder = out_dir / "truth"
        folder.mkdir(exist_ok=True)
        group_data = truth.group_records(self.plans, cases)
        risky = truth.risky_records(self.projects, self.plans)
        count = 0
        with (folder / "scenarios.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
            for line in truth.scenario_lines(cases):
                handle.write(line + "\n")
                count += 1
        files = [
            truth.write_json(folder / "cross_district_groups.json", group_data),
            truth.write_json(folder / "risky_enterprises.json", risky),
            folder / "scenarios.jsonl",
        ]
        return GeneratedCity(
            scale=self.params.name,
            seed=self.seed,
            out_dir=out_dir,
            files=sorted(writer.files, key=lambda p: _ORDER[p.stem]),
            counts={s.name: writer.counts[s.name] for s in SOURCES},
            cross_district_groups=group_data,
            risky_enterprises=risky,
            scenario_count=count,
            truth_files=files,
        )
