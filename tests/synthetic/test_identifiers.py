"""Every id the generator writes is valid, and none could be a real person's or company's."""

from __future__ import annotations

import random

import pytest

from graph.errors import InvalidValue
from graph.values import (
    resident_id_check_digit,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)
from loaders.synthetic.identifiers import IdFactory, check_digit, is_synthetic_uscc
from tests.synthetic.conftest import Rows

ID_COLUMNS = {
    "persons": ("resident_id",),
    "rosters": ("resident_id", "employer_resident_id"),
    "wages": ("resident_id",),
    "claimants": ("resident_id",),
    "contracts": ("from_resident_id", "to_resident_id"),
    "name_lending": ("borrower_resident_id",),
    "cases": ("respondent_resident_id",),
}
USCC_COLUMNS = {
    "enterprises": ("uscc",),
    "persons": ("enterprise_uscc",),
    "contracts": ("from_uscc", "to_uscc"),
    "rosters": ("employer_uscc",),
    "cases": ("respondent_uscc",),
    "name_lending": ("lender_uscc", "borrower_uscc"),
    "dispatch": ("agency_uscc", "user_uscc"),
}
PHONE_COLUMNS = {"persons": ("phone",), "rosters": ("phone",), "claimants": ("phone",)}


def values(rows: Rows, columns: dict[str, tuple[str, ...]]) -> set[str]:
    return {r[c] for source, cols in columns.items() for r in rows(source) for c in cols if r[c]}


def test_resident_ids_are_valid_synthetic_and_never_real(tiny_rows: Rows) -> None:
    ids = values(tiny_rows, ID_COLUMNS)
    assert len(ids) > 300
    for rid in ids:
        assert rid.startswith("99")
        assert validate_resident_id(rid, allow_synthetic=True) == rid
        with pytest.raises(InvalidValue):
            validate_resident_id(rid)


def test_usccs_pass_the_check_character_and_cannot_have_been_issued(tiny_rows: Rows) -> None:
    codes = values(tiny_rows, USCC_COLUMNS)
    assert len(codes) > 100
    for code in codes:
        assert validate_uscc(code) == code
        assert is_synthetic_uscc(code)


def test_registered_district_is_in_the_uscc(tiny_rows: Rows) -> None:
    for row in tiny_rows("enterprises"):
        if row["uscc"]:
            assert row["uscc"][2:8] == row["registered_area"]


def test_phones_are_synthetic_mobiles_only(tiny_rows: Rows) -> None:
    phones = values(tiny_rows, PHONE_COLUMNS)
    for phone in phones:
        assert phone.startswith("100")
        assert validate_phone(phone, allow_synthetic=True) == phone
        with pytest.raises(InvalidValue):
            validate_phone(phone)


def test_fast_check_digit_agrees_with_the_domain_one() -> None:
    rng = random.Random(1)
    for _ in range(2_000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert check_digit(first17) == resident_id_check_digit(first17)


def test_ids_are_unique_even_when_one_birthday_is_crowded() -> None:
    factory = IdFactory(random.Random(3))
    ids = [factory.resident_id("34") for _ in range(30_000)]
    assert len(set(ids)) == len(ids)


def test_roster_workers_appear_once_per_project(tiny_rows: Rows) -> None:
    keys = [(r["project"], r["resident_id"]) for r in tiny_rows("rosters")]
    assert len(set(keys)) == len(keys)
