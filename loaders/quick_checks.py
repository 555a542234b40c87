"""Quick acceptance of the cells big files are made of, before the full validators.

Resident ids, phone numbers and yuan amounts fill most cells of rosters, payroll and
claimant files, nearly always in one plain form ('993101199001010015', '13800138000',
'12200.00'). Each function here accepts exactly that form, checks what the validator of
:mod:`graph.values` checks and returns what it would return, at a fraction of its cost; it
returns ``None`` for any other text, which then goes through the validator itself, so
anything unusual (and every error message) is the validator's. A test compares the two.
"""

from __future__ import annotations

import re
from datetime import date

from graph.areas import is_known_id_prefix
from graph.values import SYNTHETIC_ID_PROVINCE

_PLAIN_ID = re.compile(r"\d{17}[\dX]", re.ASCII)
_ID_CHECK = "10X98765432"
_BORN_BEFORE = date.today()
"""Later birth dates (today's, after midnight: a future one) are left to the validator."""
_BIRTH_DATES: dict[str, date | None] = {}
_BIRTH_DATES_LIMIT = 100_000


def resident_id(text: str, allow_synthetic: bool) -> str | None:
    """``text`` when it is an upper-case, well-formed resident id that
    :func:`graph.values.validate_resident_id` accepts as it is; else None."""
    if not _PLAIN_ID.fullmatch(text):
        return None
    if text.startswith(SYNTHETIC_ID_PROVINCE):
        if not allow_synthetic:
            return None
    elif not is_known_id_prefix(text[:6]):
        return None
    born = _birth_date(text[6:14])
    if born is None or born.year < 1900 or born >= _BORN_BEFORE:
        return None
    return text if _ID_CHECK[_weighted_sum(text[:17]) % 11] == text[17] else None


def _weighted_sum(digits: str) -> int:
    """GB 11643's weighted digit sum modulo 11 (ISO 7064 MOD 11-2: the weight of each digit
    is 2^k mod 11). 13 ≡ 2 (mod 11), so reading the digits in base 13 gives the same sum
    modulo 11, in one C call instead of a loop."""
    return 2 * int(digits, 13)


def _birth_date(digits: str) -> date | None:
    """The date of 'YYYYMMDD' (None when there is no such day), remembered per text."""
    if digits in _BIRTH_DATES:
        return _BIRTH_DATES[digits]
    try:
        born: date | None = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        born = None
    if len(_BIRTH_DATES) >= _BIRTH_DATES_LIMIT:
        _BIRTH_DATES.clear()
    _BIRTH_DATES[digits] = born
    return born


_PLAIN_PHONE = re.compile(r"1\d{10}", re.ASCII)


def phone(text: str, allow_synthetic: bool) -> str | None:
    """``text`` when it is 11 plain digits that :func:`graph.values.validate_phone` accepts
    as they are (a mobile from 13–19, or a synthetic one from 100); else None."""
    if not _PLAIN_PHONE.fullmatch(text):
        return None
    if text[1] in "3456789":
        return text
    if allow_synthetic and text.startswith("100"):
        return text
    return None


_PLAIN_YUAN = re.compile(r"(\d{1,12})(?:\.(\d{1,2}))?", re.ASCII)
"""At most twelve whole digits: larger amounts are the validator's to refuse (MAX_FEN)."""


def yuan_fen(text: str) -> int | None:
    """The fen of a plain amount ('12200', '12200.5', '12200.00'), as
    :func:`graph.values.yuan_to_fen` gives it; else None."""
    match = _PLAIN_YUAN.fullmatch(text)
    if match is None:
        return None
    cents = match[2]
    return int(match[1]) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
