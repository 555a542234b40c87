"""KPI arithmetic on hand-made histories with known answers (period: 2025 Q1)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.enums import Label
from graph.store.records import NodeRecord, NodeRef
from queries.coordination import default_policy, kpis, parse_period
from queries.coordination.lifecycle import HistoryEntry
from queries.coordination.reports import kpi_counts, spans

Q1 = (date(2025, 1, 1), date(2025, 3, 31))


def case(received: str, *moves: tuple[str, str, str], kind: str = "线索") -> NodeRecord:
    """A case node whose history holds the moves (day, from, to); status = the last target."""
    history = [HistoryEntry(f"{d}T09:00:00", "t", a, b, "r").to_json() for d, a, b in moves]
    status = moves[-1][2] if moves else "received"
    props = {"id": received, "received_at": received, "status": status, "kind": kind,
             "history": history}
    return NodeRecord(NodeRef(Label.CASE, f"C-{received}-{len(moves)}"), props)


def med(start: str, end: str | None, to: str = "return_visit") -> NodeRecord:
    moves = [(start, "received", "verifying"), (start, "verifying", "mediation")]
    return case(start, *moves, *([(end, "mediation", to)] if end else []))


MEDIATIONS = [
    med("2025-01-08", "2025-01-20"),  # success
    med("2025-01-08", "2025-02-01", "inspection_filed"),  # failure
    med("2025-01-10", "2025-02-15", "handling"),  # success
    med("2025-03-20", None),  # still mediating: not counted
    med("2025-03-20", "2025-04-02"),  # ended after the period: not counted
]


def arb(start: str, end: str | None) -> NodeRecord:
    moves = [(start, "received", "verifying"), (start, "verifying", "arbitration")]
    return case(start, *moves, *([(end, "arbitration", "handling")] if end else []))


ARBITRATIONS = [
    arb("2024-12-20", "2025-01-15"),  # carried over, concluded: num + den
    arb("2025-02-01", "2025-03-10"),  # new, concluded: num + den
    arb("2025-03-25", None),  # new, open: den
    arb("2024-11-01", "2024-12-01"),  # concluded before the period: out
    arb("2025-04-05", None),  # after the period: out
]

INSPECTIONS = [
    case("2025-01-05", ("2025-01-06", "received", "verifying"),
         ("2025-01-10", "verifying", "inspection_filed"),
         ("2025-02-01", "inspection_filed", "handling"),
         ("2025-03-01", "handling", "return_visit")),  # concluded 03-01
    case("2025-02-05", ("2025-02-06", "received", "verifying"),
         ("2025-02-10", "verifying", "inspection_filed"),
         ("2025-02-20", "inspection_filed", "handling")),  # open
    case("2025-01-02", ("2025-01-03", "received", "verifying"),
         ("2025-01-05", "verifying", "inspection_filed"),
         ("2025-03-05", "inspection_filed", "referred_to_police")),  # concluded by referral
]

COMPLAINTS = [
    case("2025-01-06", ("2025-01-07", "received", "cancelled"), kind="投诉"),  # closed
    case("2025-02-01", kind="投诉"),  # open
    case("2024-12-01", ("2024-12-20", "received", "cancelled"), kind="投诉"),  # before: out
    case("2025-01-09", ("2025-01-10", "received", "cancelled"), kind="线索"),  # not a complaint
]


def test_spans_follow_the_history() -> None:
    got = [(s.state, s.entered.isoformat(), s.next_state) for s in spans(MEDIATIONS[1])]
    assert got == [
        ("received", "2025-01-08", "verifying"),
        ("verifying", "2025-01-08", "mediation"),
        ("mediation", "2025-01-08", "inspection_filed"),
        ("inspection_filed", "2025-02-01", None),
    ]


def test_kpi_counts_known_answers() -> None:
    counts = kpi_counts(MEDIATIONS + ARBITRATIONS + INSPECTIONS + COMPLAINTS, Q1)
    assert counts["mediation_success"] == (2, 3)
    assert counts["arbitration_closure"] == (2, 3)
    # the failed mediation was filed for inspection on 02-01 and is still open: 4 in the caseload
    assert counts["inspection_closure"] == (2, 4)
    assert counts["complaint_closure"] == (1, 2)


def test_rates_and_targets() -> None:
    got = {k.name: k for k in kpis(MEDIATIONS[:1] + ARBITRATIONS[:2], Q1, default_policy())}
    assert (got["mediation_success"].rate, got["mediation_success"].met) == (1.0, True)
    assert (got["arbitration_closure"].numerator, got["arbitration_closure"].denominator) == (2, 2)
    assert got["arbitration_closure"].target == 0.95
    assert (got["inspection_closure"].rate, got["inspection_closure"].met) == (None, None)
    low = {k.name: k for k in kpis(MEDIATIONS, Q1, default_policy())}
    assert (low["mediation_success"].rate, low["mediation_success"].met) == (0.6667, False)


@pytest.mark.parametrize(
    ("text", "cadence", "expected"),
    [
        ("2025-02", "month", (date(2025, 2, 1), date(2025, 2, 28))),
        ("2024Q4", "quarter", (date(2024, 10, 1), date(2024, 12, 31))),
        ("2025-q1", "quarter", (date(2025, 1, 1), date(2025, 3, 31))),
        ("2025-01-05..2025-01-20", "month", (date(2025, 1, 5), date(2025, 1, 20))),
        (None, "quarter", (date(2025, 4, 1), date(2025, 6, 30))),
        (None, "month", (date(2025, 5, 1), date(2025, 5, 31))),
    ],
)
def test_parse_period(text: str | None, cadence: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, cadence, date(2025, 5, 17)) == expected


def test_parse_period_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="period"):
        parse_period("last spring", "month", date(2025, 5, 17))


def test_imported_cases_without_history() -> None:
    closed = NodeRecord(NodeRef(Label.CASE, "C-I1"), {
        "received_at": "2025-01-06", "status": "closed", "kind": "投诉", "closed_at": "2025-02-10"})
    undated = NodeRecord(NodeRef(Label.CASE, "C-I2"), {
        "received_at": "2024-12-06", "status": "closed", "kind": "投诉"})
    waiting = NodeRecord(NodeRef(Label.CASE, "C-I3"), {
        "received_at": "2025-03-06", "status": "arbitration", "kind": "仲裁"})
    counts = kpi_counts([closed, undated, waiting], Q1)
    assert counts["complaint_closure"] == (1, 1)  # the undated one closed on receipt in 2024
    assert counts["arbitration_closure"] == (0, 1)
