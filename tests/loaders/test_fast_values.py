"""The validators' plain-form fast paths (:mod:`graph.values`) give exactly what their full
paths give; the pseudonymiser's keyed hash with its key set up once gives
exactly ``hmac.digest``."""

from __future__ import annotations

import hmac
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import InvalidValue
from graph.privacy import Pseudonymiser
from graph.values import (
    plain_phone,
    plain_resident_id,
    plain_yuan_fen,
    resident_id_check_digit,
    validate_phone,
    validate_resident_id,
    yuan_to_fen,
)
from tests.loaders.fixtures import rid


@pytest.mark.parametrize(
    "key", [b"k", b"benchmark-key-not-a-secret", b"x" * 64, b"y" * 65, "密钥".encode() * 30]
)
def test_the_keyed_hash_is_hmac_sha256_of_kind_and_value(key: bytes) -> None:
    pseudonymiser = Pseudonymiser(key)
    for value in ("993101199001010015", "", "电话", "13800138000"):
        for kind in ("rid", "phone"):
            expected = hmac.digest(key, f"{kind}:{value}".encode(), "sha256")[:16].hex()
            assert pseudonymiser.hash(kind, value) == expected
        assert pseudonymiser.person_key(value) == pseudonymiser.hash("rid", value)
        assert pseudonymiser.phone_key(value) == pseudonymiser.hash("phone", value)
    copy = pickle.loads(pickle.dumps(pseudonymiser))
    assert copy == pseudonymiser
    assert copy.person_key("x") == pseudonymiser.person_key("x")


def _reference(check: object, text: str) -> str | int | None:
    try:
        return check(text)  # type: ignore[operator,no-any-return]
    except InvalidValue:
        return None


_ID_LIKE = st.builds(
    lambda prefix, born, rest, last: f"{prefix}{born}{rest}{last}",
    st.sampled_from(["993101", "310115", "110101", "999999", "000000", "3101"]),
    st.sampled_from(["19900101", "18991231", "20000230", "29991231", "19800229", "1990011"]),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.sampled_from(list("0123456789Xx")),
)


@given(_ID_LIKE, st.booleans())
def test_quick_resident_id_accepts_only_what_the_validator_accepts(
    text: str, allow_synthetic: bool
) -> None:
    quick = plain_resident_id(text, allow_synthetic)
    full = _reference(lambda t: validate_resident_id(t, allow_synthetic=allow_synthetic), text)
    assert quick is None or quick == full


@given(st.integers(0, 999), st.booleans())
def test_quick_resident_id_takes_plain_valid_ids(n: int, allow_synthetic: bool) -> None:
    real = "310115199001011" + f"{n % 100:02d}"
    for text in (rid(n), real + resident_id_check_digit(real)):
        if text.startswith("99") and not allow_synthetic:
            continue
        assert plain_resident_id(text, allow_synthetic) == text


@given(st.from_regex(r"[0-9+\- ]{0,14}", fullmatch=True), st.booleans())
def test_quick_phone_accepts_only_what_the_validator_accepts(
    text: str, allow_synthetic: bool
) -> None:
    quick = plain_phone(text, allow_synthetic)
    full = _reference(lambda t: validate_phone(t, allow_synthetic=allow_synthetic), text)
    assert quick is None or quick == full


def test_quick_phone_takes_plain_mobiles() -> None:
    assert plain_phone("13800138000", False) == "13800138000"
    assert plain_phone("10000000001", True) == "10000000001"
    assert plain_phone("10000000001", False) is None  # the validator refuses it


@given(st.from_regex(r"[0-9.,\-元¥ ]{0,20}", fullmatch=True))
def test_quick_yuan_gives_the_validators_fen(text: str) -> None:
    quick = plain_yuan_fen(text)
    assert quick is None or quick == _reference(yuan_to_fen, text)


@pytest.mark.parametrize(
    ("text", "fen"), [("12200.00", 1220000), ("12200.5", 1220050), ("0", 0), ("007.10", 710)]
)
def test_quick_yuan_takes_plain_amounts(text: str, fen: int) -> None:
    assert plain_yuan_fen(text) == fen == yuan_to_fen(text)
