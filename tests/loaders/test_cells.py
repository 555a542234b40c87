"""Every cell kind: what it accepts, what it stores, and the reason it gives for bad input."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import InvalidValue
from graph.values import resident_id_check_digit
from loaders.cells import CellOptions, parse_cell
from loaders.columns import Column, ColumnKind
from tests.loaders.fixtures import rid, uscc

SYNTHETIC_OK = CellOptions(allow_synthetic=True)
REAL_ONLY = CellOptions(allow_synthetic=False)


def col(kind: ColumnKind, tokens: str | None = None) -> Column:
    return Column("field", "字段", kind, tokens=tokens)


def parse(
    kind: ColumnKind, text: str, tokens: str | None = None, options: CellOptions = SYNTHETIC_OK
) -> Any:
    return parse_cell(col(kind, tokens), text, options)


def reason(
    kind: ColumnKind, text: str, tokens: str | None = None, options: CellOptions = SYNTHETIC_OK
) -> str:
    with pytest.raises(InvalidValue) as caught:
        parse(kind, text, tokens, options)
    return caught.value.reason


# ---------------------------------------------------------------- USCC


def test_uscc_valid_is_normalised_to_upper_case() -> None:
    code = uscc(7)
    assert parse(ColumnKind.USCC, f" {code.lower()} ") == code


def test_uscc_full_width_is_normalised() -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in uscc(7))
    assert parse(ColumnKind.USCC, full_width) == uscc(7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("91310115MA1K3", "must have 18 characters"),
        ("91310115MA1K30000I", "has a character outside GB 32100-2015's set"),
        (uscc(1)[:17] + ("0" if uscc(1)[17] != "0" else "1"), "fails its check character"),
    ],
)
def test_uscc_invalid(text: str, expected: str) -> None:
    assert reason(ColumnKind.USCC, text) == expected


# ---------------------------------------------------------------- resident id


def test_resident_id_synthetic_accepted_when_allowed() -> None:
    assert parse(ColumnKind.RESIDENT_ID, rid(5).lower()) == rid(5).upper()


def test_resident_id_synthetic_refused_by_default() -> None:
    assert (
        reason(ColumnKind.RESIDENT_ID, rid(5), options=REAL_ONLY) == "is a synthetic id (prefix 99)"
    )


def _with_check(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99310119900101", "must be 17 digits and a digit or X"),
        ("99310119900101001Y", "must be 17 digits and a digit or X"),
        (_with_check("99310119901301001"), "has an invalid birth date"),
        (_with_check("99310118500101001"), "has an impossible birth date"),
        (_with_check("99310129990101001"), "has an impossible birth date"),
        (_with_check("00000019900101001"), "has an unknown area prefix"),
        (rid(5)[:17] + ("0" if rid(5)[17] != "0" else "1"), "fails its check digit"),
    ],
)
def test_resident_id_invalid(text: str, expected: str) -> None:
    assert reason(ColumnKind.RESIDENT_ID, text) == expected


def test_resident_id_error_never_shows_the_clear_id() -> None:
    bad = rid(5)[:17] + ("0" if rid(5)[17] != "0" else "1")
    with pytest.raises(InvalidValue) as caught:
        parse(ColumnKind.RESIDENT_ID, bad)
    assert bad not in str(caught.value)
    assert caught.value.value == bad[:3] + "*" * 11 + bad[-4:]


# ---------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("021-62345678", "02162345678"),
        ("10012345678", "10012345678"),
    ],
)
def test_phone_valid(text: str, stored: str) -> None:
    assert parse(ColumnKind.PHONE, text) == stored


def test_phone_invalid_is_masked_in_the_error() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse(ColumnKind.PHONE, "12812345678")
    assert caught.value.reason == "is not a mobile or landline number"
    assert caught.value.value == "128****5678"


def test_synthetic_phone_refused_without_synthetic_ids() -> None:
    assert reason(ColumnKind.PHONE, "10012345678", options=REAL_ONLY) == (
        "is not a mobile or landline number"
    )


# ---------------------------------------------------------------- area code


@pytest.mark.parametrize(
    ("text", "stored"),
    [("310115", "310115"), ("310115010", "310115010"), ("310115010000", "310115010"), ("31", "31")],
)
def test_area_valid(text: str, stored: str) -> None:
    assert parse(ColumnKind.AREA, text) == stored


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31011", "is not an area code of 2, 4, 6 or 9 digits"),
        ("319999", "is not a known area code"),
    ],
)
def test_area_invalid(text: str, expected: str) -> None:
    assert reason(ColumnKind.AREA, text) == expected


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1", 100),
        ("12,000,000.00", 1_200_000_000),
        ("0.5", 50),
        ("￥3,000.05元", 300_005),
        ("１２３", 12_300),
        ("999999999999.99", 99_999_999_999_999),
    ],
)
def test_yuan_to_integer_fen(text: str, fen: int) -> None:
    assert parse(ColumnKind.YUAN, text) == fen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", "has more than two decimals (分)"),
        ("abc", "is not an amount in yuan"),
        ("-5", "must not be negative"),
        ("NaN", "is not a finite amount"),
        ("123456789012345678", "is larger than any real amount (over 一万亿元)"),
        ("1000000000000", "is larger than any real amount (over 一万亿元)"),
    ],
)
def test_yuan_invalid(text: str, expected: str) -> None:
    assert reason(ColumnKind.YUAN, text) == expected


# ---------------------------------------------------------------- dates and months


@pytest.mark.parametrize(
    "text", ["2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "2024-03-05 00:00:00"]
)
def test_date_forms(text: str) -> None:
    assert parse(ColumnKind.DATE, text) == "2024-03-05"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-02-30", "is not a valid calendar date"), ("05/03/2024", "is not a date (YYYY-MM-DD)")],
)
def test_date_invalid(text: str, expected: str) -> None:
    assert reason(ColumnKind.DATE, text) == expected


@pytest.mark.parametrize("text", ["2024-03", "2024/3", "2024年3月", "202403", "2024-03-15"])
def test_month_forms(text: str) -> None:
    assert parse(ColumnKind.MONTH, text) == "2024-03"


@pytest.mark.parametrize("text", ["2024-13", "March 2024", "24-03"])
def test_month_invalid(text: str) -> None:
    assert reason(ColumnKind.MONTH, text) == "is not a month (YYYY-MM)"


# ---------------------------------------------------------------- int, bool, token, list, text


def test_int() -> None:
    assert parse(ColumnKind.INT, "1,200") == 1200
    assert parse(ColumnKind.INT, "3.0") == 3
    assert reason(ColumnKind.INT, "-1") == "is not a whole number ≥ 0"
    assert reason(ColumnKind.INT, "2.5") == "is not a whole number ≥ 0"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("是", True),
        ("有", True),
        ("TRUE", True),
        ("1", True),
        ("否", False),
        ("无", False),
        ("no", False),
    ],
)
def test_bool(text: str, value: bool) -> None:
    assert parse(ColumnKind.BOOL, text) is value


def test_bool_invalid() -> None:
    assert reason(ColumnKind.BOOL, "也许") == "is not yes/no (是/否)"


def test_token_maps_chinese_words_and_english_values() -> None:
    assert parse(ColumnKind.TOKEN, "劳务分包", "contract_kind") == "labour_subcontract"
    assert parse(ColumnKind.TOKEN, "Labour_Subcontract", "contract_kind") == "labour_subcontract"
    assert parse(ColumnKind.TOKEN, "１２３４５", "case_source") == "12345"


def test_token_invalid_lists_the_allowed_values() -> None:
    text = reason(ColumnKind.TOKEN, "外包", "contract_kind")
    assert text.startswith("is not one of general_contract、specialty_subcontract")


def test_list_splits_and_maps_tokens() -> None:
    assert parse(ColumnKind.LIST, "房建；市政、building", "sector") == ["building", "municipal"]
    assert parse(ColumnKind.LIST, "310115; 310104") == ["310115", "310104"]


def test_name_and_text_are_nfkc_normalised() -> None:
    assert parse(ColumnKind.NAME, "  浦江建设（集团）  有限公司 ") == "浦江建设(集团) 有限公司"
    assert parse(ColumnKind.TEXT, "Ｐ－００１") == "P-001"
