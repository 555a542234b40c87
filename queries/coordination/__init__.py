"""Case coordination: 包案 assignment, the case lifecycle, deadlines, escalation, ledgers and
reports (docs/coordination.md)."""

from __future__ import annotations

from queries.coordination.assign import assign_all, assign_case, coverage, open_loads
from queries.coordination.assignment import Assignment, AssignmentInputs, decide_assignment
from queries.coordination.escalation import Escalation, escalate_overdue
from queries.coordination.ledger import LedgerRow, ledger, write_csv, write_ledger, write_xlsx
from queries.coordination.lifecycle import (
    STATE_TITLES,
    TRANSITIONS,
    deadline_of,
    extend_deadline,
    transition,
)
from queries.coordination.policy import CoordinationPolicy, Grade, default_policy, load_policy
from queries.coordination.reports import REPORT_KINDS, Kpi, Report, kpis, parse_period, report
from queries.coordination.responsibility import (
    Responsibility,
    responsibility_for_case,
    responsibility_for_place,
    responsibility_for_project,
)

__all__ = [
    "REPORT_KINDS",
    "STATE_TITLES",
    "TRANSITIONS",
    "Assignment",
    "AssignmentInputs",
    "CoordinationPolicy",
    "Escalation",
    "Grade",
    "Kpi",
    "LedgerRow",
    "Report",
    "Responsibility",
    "assign_all",
    "assign_case",
    "coverage",
    "deadline_of",
    "decide_assignment",
    "default_policy",
    "escalate_overdue",
    "extend_deadline",
    "kpis",
    "ledger",
    "load_policy",
    "open_loads",
    "parse_period",
    "report",
    "responsibility_for_case",
    "responsibility_for_place",
    "responsibility_for_project",
    "transition",
    "write_csv",
    "write_ledger",
    "write_xlsx",
]
