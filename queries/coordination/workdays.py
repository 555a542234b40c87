"""Deadlines in Chinese working days (chinesecalendar: weekends, statutory holidays, 调休).

The library knows only the years it was released for. Outside that range we fall back to
weekdays-only counting and say so in the result's ``warning``: a deadline is never refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True, slots=True)
class DueDate:
    """A computed deadline, with a warning when the holiday calendar did not cover it."""

    due: date
    warning: str | None = None


def is_working_day(day: date) -> tuple[bool, bool]:
    """(is a working day, known to the holiday calendar)."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(start: date, days: int) -> DueDate:
    """The ``days``-th working day after ``start`` (the start day itself is not counted)."""
    current, counted, covered = start, 0, True
    while counted < days:
        current += timedelta(days=1)
        working, known = is_working_day(current)
        covered = covered and known
        counted += working
    warning = (
        None
        if covered
        else (f"节假日日历未覆盖 {start.isoformat()}–{current.isoformat()}，按周一至周五计算")
    )
    return DueDate(current, warning)


def add_days(start: date, days: int, unit: str) -> DueDate:
    """``days`` working days (unit "working") or calendar days (unit "calendar") after start."""
    if unit == "working":
        return add_working_days(start, days)
    return DueDate(start + timedelta(days=days))
