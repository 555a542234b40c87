"""Coordination policy (包案/督办 configuration): grades, units, leaders, deadlines, targets.

包案 is local policy, not statute (RULES.md §9, AMBIGUITIES A10): every threshold, the sector
regulator table and the leader rules are configuration. The default ships as
``default_policy.yaml`` beside this module; a locality passes its own file (CLI ``--policy``
or the environment variable ``ZHIQIAN_COORDINATION_POLICY``). Every field is documented in
docs/coordination.md (a test keeps the two in step).
"""

from __future__ import annotations

import os
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.enums import AgencyKind, Sector
from graph.errors import InvalidValue

POLICY_ENV = "ZHIQIAN_COORDINATION_POLICY"


class Grade(StrEnum):
    """Case grade (分级负责), lowest first."""

    ORDINARY = "ordinary"
    DIFFICULT = "difficult"
    MAJOR = "major"
    SPECIAL = "special"


GRADE_TITLES: dict[Grade, str] = {
    Grade.ORDINARY: "普通",
    Grade.DIFFICULT: "疑难",
    Grade.MAJOR: "重大",
    Grade.SPECIAL: "特别重大",
}


class Level(StrEnum):
    """Where an agency sits relative to the place of employment."""

    STREET = "street"
    DISTRICT = "district"
    CITY = "city"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GradeRule(Model):
    """A grade applies when ANY of its set criteria holds (unset criteria are ignored)."""

    grade: Grade = Field(title="等级")
    min_workers: int | None = Field(None, title="涉及人数不少于", ge=1)
    min_amount_yuan: int | None = Field(None, title="欠薪金额不少于（元）", ge=1)
    min_months: int | None = Field(None, title="欠薪月数不少于", ge=1)
    group_incident: bool = Field(False, title="群体性事件风险即适用")
    repeat_offender: bool = Field(False, title="重复欠薪主体即适用")
    gov_invested: bool = Field(False, title="政府投资项目即适用")


class Pick(Model):
    """Officials eligible for a role: posts in agencies of these kinds at this level."""

    agency_kinds: tuple[AgencyKind, ...] = Field(title="部门类别", min_length=1)
    level: Level = Field(title="层级")
    min_rank: int = Field(title="最低职级", ge=1, le=9)
    max_rank: int = Field(9, title="最高职级", ge=1, le=9)


class LeaderRule(Model):
    """Owner (包案) and guide (指导) rules of one grade; picks are tried in order."""

    owner: tuple[Pick, ...] = Field(title="包案领导", min_length=1)
    guide: tuple[Pick, ...] = Field((), title="指导领导")


class DeadlineRule(Model):
    """A stage deadline: ``days`` counted from the date the case entered ``anchor``."""

    days: int = Field(title="期限天数", ge=1)
    unit: Literal["working", "calendar"] = Field(title="工作日/自然日")
    extension_days: int = Field(0, title="经批准可延长天数", ge=0)
    anchor: str = Field(title="起算状态")


class CoordinationPolicy(Model):
    """The whole coordination configuration of one locality."""

    lead_unit_kinds: tuple[AgencyKind, ...] = Field(title="主办单位类别（按序）", min_length=1)
    territorial_kinds: dict[Level, AgencyKind] = Field(title="属地政府类别")
    sector_regulators: dict[Sector, tuple[AgencyKind, ...]] = Field(title="行业主管部门表")
    co_unit_always: bool = Field(False, title="始终加行业主管部门协办")
    co_unit_triggers: tuple[str, ...] = Field(title="触发行业协办的链条问题")
    escalate_gov_invested: bool = Field(True, title="政府投资项目上级督办")
    designation_kinds: tuple[AgencyKind, ...] = Field(title="指定管辖的上级部门类别")
    grades: tuple[GradeRule, ...] = Field(title="分级标准（由高到低）")
    leaders: dict[Grade, LeaderRule] = Field(title="包案领导规则")
    immediate_report_grades: tuple[Grade, ...] = Field(title="即时专报等级")
    deadlines: dict[str, DeadlineRule] = Field(title="办理期限")
    kpi_targets: dict[str, float] = Field(title="考核目标")


def _read_yaml(text: str, origin: str) -> CoordinationPolicy:
    try:
        return CoordinationPolicy.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise InvalidValue("coordination policy", origin, f"is not a valid policy: {exc}") from exc


@cache
def default_policy() -> CoordinationPolicy:
    """The shipped policy (default_policy.yaml)."""
    text = resources.files(__package__).joinpath("default_policy.yaml").read_text("utf-8")
    return _read_yaml(text, "default_policy.yaml")


def load_policy(path: Path | str | None = None) -> CoordinationPolicy:
    """The policy at ``path``, else at $ZHIQIAN_COORDINATION_POLICY, else the default."""
    chosen = path or os.environ.get(POLICY_ENV)
    if not chosen:
        return default_policy()
    file = Path(chosen)
    if not file.is_file():
        raise InvalidValue("coordination policy", str(file), "does not exist")
    return _read_yaml(file.read_text("utf-8"), str(file))
