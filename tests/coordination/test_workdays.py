"""Working-day deadlines across Spring Festival 2025 (holiday 01-28..02-04; 调休 01-26, 02-08)."""

from __future__ import annotations

from datetime import date

import pytest

from queries.coordination.workdays import add_days, add_working_days


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Fri 01-24: Sun 01-26 (make-up) 1, Mon 01-27 2, holiday, 02-05 3, 02-06 4, 02-07 5
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        # Mon 01-27: 02-05, 02-06, 02-07, Sat 02-08 (make-up) 4, Mon 02-10 5
        (date(2025, 1, 27), 5, date(2025, 2, 10)),
        # inside the holiday: 02-05 .. 02-07, 02-08, 02-10
        (date(2025, 1, 30), 5, date(2025, 2, 10)),
        # an ordinary week: Mon 03-03 + 5 → Mon 03-10
        (date(2025, 3, 3), 5, date(2025, 3, 10)),
    ],
)
def test_acceptance_deadline_counts_chinese_working_days(start: date, days: int, due: date) -> None:
    result = add_working_days(start, days)
    assert result.due == due
    assert result.warning is None


def test_inspection_deadline_60_working_days_across_spring_festival_and_qingming() -> None:
    # From Mon 2025-01-20: Jan 21-24 (4) + Sun 01-26 (5) + 01-27 (6) + Feb 5-7 (9) + Sat 02-08
    # (10) + Feb 10-28 (25) + March 21 days (46) + Apr 1-3 (49), Apr 4-6 Qingming, Apr 7-11 (54),
    # Apr 14-18 (59), Apr 21 (60).
    assert add_working_days(date(2025, 1, 20), 60).due == date(2025, 4, 21)
    # with the approved extension (+30): Apr 22-25 (4), Sun 04-27 make-up (5), Apr 28-30 (8),
    # May 1-5 holiday, May 6-9 (12), May 12-16 (17), 19-23 (22), 26-30 (27), Jun 3-5 (30).
    assert add_working_days(date(2025, 1, 20), 90).due == date(2025, 6, 5)


def test_arbitration_deadline_is_calendar_days() -> None:
    assert add_days(date(2025, 1, 10), 45, "calendar").due == date(2025, 2, 24)
    assert add_days(date(2025, 1, 10), 60, "calendar").due == date(2025, 3, 11)


def test_years_outside_the_holiday_calendar_fall_back_to_weekdays_with_a_warning() -> None:
    result = add_working_days(date(2031, 1, 31), 5)  # Fri → Mon..Fri of the next week
    assert result.due == date(2031, 2, 7)
    assert result.warning is not None
    assert "未覆盖" in result.warning
