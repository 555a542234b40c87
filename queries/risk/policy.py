"""The risk policy: every threshold, point value and cadence the risk rules use.

The shipped defaults live in ``policy.yaml`` beside this module; an installation may pass
its own YAML file (same fields; missing fields keep the defaults). Every field is
documented in docs/risk.md (a test keeps the two in step).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import InvalidValue

SHIPPED_POLICY = Path(__file__).with_name("policy.yaml")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GradeThresholds(_Frozen):
    """Lowest score of each grade; below ``blue`` there is no grade (低风险, not listed)."""

    red: float = Field(70, title="红色阈值", gt=0)
    orange: float = Field(45, title="橙色阈值", gt=0)
    yellow: float = Field(20, title="黄色阈值", gt=0)
    blue: float = Field(8, title="蓝色阈值", gt=0)


class RiskPolicy(_Frozen):
    """Thresholds and weights of warnings, scores, propagation and the key-supervision list."""

    # ---- warning rules
    payout_grace_months: int = Field(1, title="考勤后发放宽限月数", ge=0, le=3)
    labour_cost_cycle_months: int = Field(1, title="人工费用拨付周期（月）", ge=1, le=12)
    missing_wage_record_share: float = Field(0.10, title="无工资记录人数占比阈值", gt=0, le=1)
    missing_wage_record_min_workers: int = Field(10, title="无工资记录规则最少在册人数", ge=1)
    departed_settle_days: int = Field(0, title="退场结清宽限天数", ge=0)
    active_project_states: tuple[str, ...] = Field(("在建", "active"), title="在建项目状态")
    warning_points: dict[str, float] = Field(default_factory=dict, title="各预警规则分值")
    warning_cap_per_rule: int = Field(3, title="同一规则计分项目上限", ge=1)
    # ---- signals and history
    lookback_months: int = Field(12, title="信号回溯月数", ge=1, le=60)
    signal_points: dict[str, float] = Field(default_factory=dict, title="各类信号分值")
    signal_cap_per_kind: int = Field(3, title="同类信号计分上限（条）", ge=1)
    arrears_points: float = Field(15, title="在欠工资分值", ge=0)
    arrears_months_points: float = Field(5, title="每欠薪月加分", ge=0)
    arrears_months_cap: int = Field(4, title="欠薪月加分上限（月）", ge=0)
    arrears_worker_points: float = Field(1, title="每名被欠薪工人加分", ge=0)
    arrears_workers_cap: int = Field(20, title="被欠薪人数加分上限（人）", ge=0)
    repeat_case_min: int = Field(2, title="重复欠薪案件数", ge=2)
    repeat_case_points: float = Field(12, title="重复欠薪分值", ge=0)
    open_case_points: float = Field(5, title="未结案件分值", ge=0)
    controller_min_defaulting: int = Field(2, title="关联人控制欠薪企业数", ge=2)
    controller_points: float = Field(15, title="关联人控制多家欠薪企业分值", ge=0)
    # ---- propagation along the chain
    owner_overdue_points: float = Field(15, title="上游拖欠工程款分值", ge=0)
    contractor_warned_projects_min: int = Field(2, title="上游总包预警项目数", ge=1)
    contractor_warned_points: float = Field(12, title="上游总包多项目预警分值", ge=0)
    upstream_high_risk_points: float = Field(10, title="上游高风险企业分值", ge=0)
    propagation_decay: float = Field(0.5, title="每级传导衰减系数", gt=0, le=1)
    propagation_max_hops: int = Field(4, title="传导最大层级", ge=1, le=10)
    propagation_cap: float = Field(30, title="传导分值上限", ge=0)
    grades: GradeThresholds = Field(GradeThresholds(), title="等级阈值")
    measures: dict[str, tuple[str, ...]] = Field(default_factory=dict, title="各等级处置措施")
    # ---- key-supervision list
    watchlist_grades: tuple[str, ...] = Field(("red", "orange"), title="纳入名单的风险等级")
    watchlist_violation_min: int = Field(2, title="纳入名单的违法次数", ge=1)
    watchlist_serious_amount_fen: int = Field(10_000_000, title="严重违法金额（分）", ge=0)
    watchlist_change_days: int = Field(30, title="经营重大变化信号有效天数", ge=1)
    campaign_start: date | None = Field(None, title="专项行动开始日期")
    campaign_end: date | None = Field(None, title="专项行动结束日期")
    visits_per_week: int = Field(1, title="每周走访次数", ge=1, le=7)

    def points_for_warning(self, rule_id: str) -> float:
        """Points a warning of the rule adds (0 for a rule the policy does not weigh)."""
        return float(self.warning_points.get(rule_id, 0))

    def points_for_signal(self, kind: str) -> float:
        """Points one signal of the kind adds (0 for kinds that are facts, not risks)."""
        return float(self.signal_points.get(kind, 0))

    def in_campaign(self, day: date) -> bool:
        """Whether the day falls inside the configured campaign (open ends are unbounded)."""
        if self.campaign_start is None:
            return False
        end = self.campaign_end
        return self.campaign_start <= day and (end is None or day <= end)


def load_policy(path: Path | None = None) -> RiskPolicy:
    """The shipped policy, overlaid with the fields of ``path`` when given."""
    data = _read_yaml(SHIPPED_POLICY)
    if path is not None:
        data.update(_read_yaml(path))
    try:
        return RiskPolicy.model_validate(data)
    except ValidationError as exc:
        name = path.name if path else SHIPPED_POLICY.name
        raise InvalidValue("risk policy", name, f"is not valid: {exc.errors()[0]['msg']}") from exc


@cache
def default_policy() -> RiskPolicy:
    """The shipped policy, read once per process."""
    return load_policy()


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidValue("risk policy", path.name, f"cannot be read ({exc})") from exc
    if not isinstance(data, dict):
        raise InvalidValue("risk policy", path.name, "must be a mapping of fields")
    return data
