"""Period texts of ledgers and reports: every malformed one is an InvalidValue naming it."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import InvalidValue
from queries.coordination import parse_period

TODAY = date(2025, 5, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03", (date(2025, 3, 1), date(2025, 3, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025Q1", (date(2025, 1, 1), date(2025, 3, 31))),
        ("2025-Q4", (date(2025, 10, 1), date(2025, 12, 31))),
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        (" 2025-12 ", (date(2025, 12, 1), date(2025, 12, 31))),
        ("2024-02-01..2024-02-29", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025-01-05..2025-01-05", (date(2025, 1, 5), date(2025, 1, 5))),
    ],
)
def test_valid_periods(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, "month", TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0000-00",
        "2025-13",
        "2025-00",
        "2025Q5",
        "2025Q0",
        "",
        "   ",
        "garbage",
        "0000",
        "0000Q1",
        "9999Q4",
        "2025-1",
        "2024-02-30..2024-03-01",
        "2025-03-01..2025-01-01",
        "2025-01-01..0000-01-01",
        "1900-01-01..2025-01-01",
    ],
)
def test_malformed_periods_name_the_field_and_value(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_period(text, "quarter", TODAY)
    assert info.value.field == "period"
    assert info.value.value == text
    assert repr(text) in str(info.value)


def test_no_text_is_the_current_period_of_the_cadence() -> None:
    assert parse_period(None, "quarter", TODAY) == (date(2025, 4, 1), date(2025, 6, 30))
    assert parse_period(None, "now", TODAY) == (TODAY, TODAY)
