"""Identifiers that cannot belong to anyone real.

- Resident ids: '99' + home province (2 digits) + '00' + birth date + sequence + check digit.
  No province has code 99 (GB/T 2260), so no real id starts with it; graph.values accepts them
  only with ``allow_synthetic``.
- USCCs: registration authority and type (91 company, 92 individual business, 12 institution),
  the registered district's 6 digits, an 8-character body and, in place of the organisation
  code's own GB 11714 check character (always a digit or 'X'), a letter other than X: no
  issued code has that shape. The 18th character is the valid GB 32100 check character.
- Phones: '100' + 8 digits; mobile numbers start with 13–19.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from operator import mul
from typing import TypeVar

from graph.values import USCC_CHARSET, uscc_check_char
from loaders.synthetic.params import AGE_RANGE, REFERENCE_DATE

_BODY = USCC_CHARSET
_NOT_ORG_CHECK = "".join(c for c in USCC_CHARSET if c.isalpha() and c != "X")
_YEAR_DAYS = 365.25
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
T = TypeVar("T")


def _birth_stamps() -> tuple[str, ...]:
    """Every birth date (YYYYMMDD) that makes someone 18–60 years old on the reference date."""
    low, high = AGE_RANGE
    first, last = int(low * _YEAR_DAYS) + 1, int((high + 1) * _YEAR_DAYS) - 2
    return tuple(
        (REFERENCE_DATE - timedelta(days=d)).strftime("%Y%m%d") for d in range(first, last + 1)
    )


_STAMPS = _birth_stamps()


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice, faster: one random() call (the generator draws tens of millions)."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """rng.randint(low, high) from one random() call."""
    return low + int(rng.random() * (high - low + 1))


def check_digit(first17: str) -> str:
    """GB 11643-1999 check digit (same as graph.values.resident_id_check_digit, faster)."""
    return _ID_CHECK[sum(map(mul, map(int, first17), _ID_WEIGHTS)) % 11]


class IdFactory:
    """Unique synthetic resident ids, USCCs and phones from one seeded stream."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._serials: dict[tuple[str, int, int], int] = {}
        self._usccs: set[str] = set()
        self._phones = 0

    def resident_id(self, province: str, *, male: bool = True) -> str:
        """A valid synthetic id for someone aged 18–60 on the reference date."""
        day = int(self._rng.random() * len(_STAMPS))
        sex = 1 if male else 0
        serial = self._serials.get((province, day, sex), 0)
        while serial >= 500:  # that day is full for this province and sex: take the next one
            day = (day + 1) % len(_STAMPS)
            serial = self._serials.get((province, day, sex), 0)
        self._serials[province, day, sex] = serial + 1
        first17 = f"99{province}00{_STAMPS[day]}{serial * 2 + sex:03d}"
        return first17 + check_digit(first17)

    def uscc(self, district: str, prefix: str = "91") -> str:
        """A USCC registered in ``district`` that no registry ever issued."""
        while True:
            body = "".join(self._rng.choices(_BODY, k=8)) + self._rng.choice(_NOT_ORG_CHECK)
            first17 = prefix + district + body
            code = first17 + uscc_check_char(first17)
            if code not in self._usccs:
                self._usccs.add(code)
                return code

    def phone(self) -> str:
        """'100' and an 8-digit serial: unique and never a real mobile."""
        self._phones += 1
        return f"100{self._phones:08d}"


def is_synthetic_uscc(code: str) -> bool:
    """True when the organisation-code check position holds a letter other than X."""
    return len(code) == 18 and code[16] in _NOT_ORG_CHECK
