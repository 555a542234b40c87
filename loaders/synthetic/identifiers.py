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
from datetime import date, timedelta

from graph.values import USCC_CHARSET, resident_id_check_digit, uscc_check_char
from loaders.synthetic.params import AGE_RANGE, REFERENCE_DATE

_BODY = USCC_CHARSET
_NOT_ORG_CHECK = "".join(c for c in USCC_CHARSET if c.isalpha() and c != "X")
_YEAR_DAYS = 365.25


class IdFactory:
    """Unique synthetic resident ids, USCCs and phones from one seeded stream."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._serials: dict[tuple[str, str, int], int] = {}
        self._usccs: set[str] = set()
        self._phones = 0

    def resident_id(self, province: str, *, male: bool = True) -> str:
        """A valid synthetic id for someone aged 18–60 on the reference date."""
        born = self._birth_date()
        stamp = born.strftime("%Y%m%d")
        sex = 1 if male else 0
        serial = self._serials.get((province, stamp, sex), 0)
        while serial >= 500:  # that day is full for this province and sex: take the next one
            born += timedelta(days=1)
            stamp = born.strftime("%Y%m%d")
            serial = self._serials.get((province, stamp, sex), 0)
        self._serials[province, stamp, sex] = serial + 1
        first17 = f"99{province}00{stamp}{serial * 2 + sex:03d}"
        return first17 + resident_id_check_digit(first17)

    def _birth_date(self) -> date:
        low, high = AGE_RANGE
        days = self._rng.randint(int(low * _YEAR_DAYS) + 1, int((high + 1) * _YEAR_DAYS) - 2)
        return REFERENCE_DATE - timedelta(days=days)

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
