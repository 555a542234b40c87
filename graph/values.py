"""Value types that validate themselves.

统一社会信用代码 (GB 32100-2015), 公民身份号码 (GB 11643-1999), area codes, money in integer
fen, ISO dates and NFKC-normalised names. Validators raise :class:`InvalidValue` naming the
field and the value; pydantic ``Annotated`` aliases wrap them for model fields.
"""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from graph.areas import is_known_id_prefix
from graph.errors import InvalidValue

# ---------------------------------------------------------------- names

_SPACES = re.compile(r"\s+")


def normalize_name(value: str) -> str:
    """NFKC-normalise, trim and collapse inner white space (全角 → 半角, e.g. '（' → '(')."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def _name(value: object) -> str:
    if not isinstance(value, str) or not normalize_name(value):
        raise InvalidValue("name", value, "must be a non-empty text")
    return normalize_name(value)


Name = Annotated[str, BeforeValidator(_name)]

# ---------------------------------------------------------------- money

_FEN_PER_YUAN = Decimal(100)


def yuan_to_fen(value: object, field: str = "amount") -> int:
    """Convert a yuan amount (text, int, Decimal or float) to integer fen, exactly.

    Text may carry thousands separators and a '元' or '¥' sign. More than two decimals
    is refused, never rounded silently, because money must not drift.
    """
    if isinstance(value, bool):
        raise InvalidValue(field, value, "is not an amount")
    if isinstance(value, int):
        return _bounded(value * 100, field, value)
    if type(value) is str and (plain := plain_yuan_fen(value)) is not None:
        return plain
    text = str(value).strip().replace(",", "").replace("，", "").rstrip("元").lstrip("¥￥")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise InvalidValue(field, value, "is not an amount in yuan") from exc
    if not amount.is_finite():
        raise InvalidValue(field, value, "is not a finite amount")
    fen = amount * _FEN_PER_YUAN
    if fen != fen.to_integral_value():
        if isinstance(value, float):
            fen = fen.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        else:
            raise InvalidValue(field, value, "has more than two decimals (分)")
    return _bounded(int(fen), field, value)


MAX_FEN = 10**14 - 1
"""The largest amount accepted: 999,999,999,999.99 yuan (just under 一万亿元), far above any
wage bill or contract price, and far below what a stored 64-bit integer holds."""


def _bounded(fen: int, field: str, value: object) -> int:
    if abs(fen) > MAX_FEN:
        raise InvalidValue(field, value, "is larger than any real amount (over 一万亿元)")
    return fen


_PLAIN_YUAN = re.compile(r"(\d{1,12})(?:\.(\d{1,2}))?", re.ASCII)
"""At most twelve whole digits: larger amounts are the full path's to refuse (MAX_FEN)."""


def plain_yuan_fen(text: str) -> int | None:
    """The fen of an amount in its plain form ('12200', '12200.5', '12200.00'), the form of
    nearly every amount cell, read without the full path's Decimal arithmetic; None for any
    other text (a test keeps the two in agreement)."""
    match = _PLAIN_YUAN.fullmatch(text)
    if match is None:
        return None
    cents = match[2]
    return int(match[1]) * 100 + (int(cents.ljust(2, "0")) if cents else 0)


def fen_to_yuan(fen: int) -> float:
    """Yuan with two decimals, for JSON answers that speak yuan (zhiqian-liability/1)."""
    return float(Decimal(fen) / _FEN_PER_YUAN)


def format_yuan(fen: int) -> str:
    """Human form: '1,234,567.89 元'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d} 元"


def _fen(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue("amount", value, "must be integer fen (分)")
    if value < 0:
        raise InvalidValue("amount", value, "must not be negative")
    return value


Fen = Annotated[int, BeforeValidator(_fen)]

# ---------------------------------------------------------------- dates


def parse_date(value: object, field: str = "date") -> date:
    """ISO 8601 date (also accepts 2024/6/1, 2024.6.1 and 2024年6月1日 from agency files)."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text)
    if not match:
        raise InvalidValue(field, value, "is not a date (YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise InvalidValue(field, value, "is not a valid calendar date") from exc


IsoDate = Annotated[date, BeforeValidator(parse_date)]

# ---------------------------------------------------------------- 统一社会信用代码

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(rf"[{USCC_CHARSET}]{{18}}")
_USCC_VALUE = {char: value for value, char in enumerate(USCC_CHARSET)}


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    total = 0
    for position, weight in enumerate(_USCC_WEIGHTS):
        total += _USCC_VALUE[first17[position]] * weight
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: object, field: str = "uscc") -> str:
    """Normalise (NFKC, upper case, trimmed) and check a 统一社会信用代码."""
    text = str(value).strip().upper()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip().upper()
    if len(text) != 18:
        raise InvalidValue(field, value, "must have 18 characters")
    if not _USCC_SHAPE.fullmatch(text):
        raise InvalidValue(field, value, "has a character outside GB 32100-2015's set")
    if uscc_check_char(text[:17]) != text[17]:
        raise InvalidValue(field, value, "fails its check character")
    return text


Uscc = Annotated[str, BeforeValidator(validate_uscc)]

# ---------------------------------------------------------------- 公民身份号码

_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"\d{17}[\dX]")
SYNTHETIC_ID_PROVINCE = "99"
"""No province has code 99, so ids that start with it cannot belong to a real person."""


def resident_id_check_digit(first17: str) -> str:
    """The GB 11643-1999 check digit (ISO 7064 MOD 11-2)."""
    return _ID_CHECK[_weighted_sum(first17) % 11]


def _weighted_sum(digits: str) -> int:
    """GB 11643's weighted digit sum modulo 11 (ISO 7064 MOD 11-2: the weight of each of
    the 17 digits is 2^k mod 11). 13 ≡ 2 (mod 11), so reading the digits in base 13 gives the
    same sum modulo 11, in one C call instead of a loop."""
    return 2 * int(digits, 13)


@functools.lru_cache(maxsize=65_536)
def _birth_date(digits: str) -> date | None:
    """The date of 'YYYYMMDD', None when there is no such day (remembered: births repeat)."""
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


_PLAIN_ID = re.compile(r"\d{17}[\dX]", re.ASCII)


def plain_resident_id(text: str, allow_synthetic: bool) -> str | None:
    """``text`` when it is a resident id in its plain form (ASCII, upper case, no spaces)
    that :func:`validate_resident_id` accepts as it is; None for anything else, which the
    full path then normalises or refuses with its reason."""
    if not _PLAIN_ID.fullmatch(text):
        return None
    if text.startswith(SYNTHETIC_ID_PROVINCE):
        if not allow_synthetic:
            return None
    elif not is_known_id_prefix(text[:6]):
        return None
    born = _birth_date(text[6:14])
    if born is None or born.year < 1900 or born > _Today.get():
        return None
    return text if resident_id_check_digit(text[:17]) == text[17] else None


def validate_resident_id(
    value: object, field: str = "resident_id", *, allow_synthetic: bool = False
) -> str:
    """Check shape, birth date, area prefix and check digit; return the upper-cased id.

    The area prefix must be a known district, or at least a known city (district codes
    are re-drawn over the years while ids keep the old ones). Synthetic ids (prefix 99,
    see :data:`SYNTHETIC_ID_PROVINCE`) pass only when ``allow_synthetic`` is set.
    """
    if type(value) is str and plain_resident_id(value, allow_synthetic) is not None:
        return value
    text = str(value).strip().upper()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip().upper()
    if not _ID_SHAPE.fullmatch(text):
        raise InvalidValue(field, _mask_for_error(text), "must be 17 digits and a digit or X")
    synthetic = text.startswith(SYNTHETIC_ID_PROVINCE)
    if synthetic and not allow_synthetic:
        raise InvalidValue(field, _mask_for_error(text), "is a synthetic id (prefix 99)")
    if not synthetic and not is_known_id_prefix(text[:6]):
        raise InvalidValue(field, _mask_for_error(text), "has an unknown area prefix")
    born = _birth_date(text[6:14])
    if born is None:
        raise InvalidValue(field, _mask_for_error(text), "has an invalid birth date")
    if born.year < 1900 or born > _Today.get():
        raise InvalidValue(field, _mask_for_error(text), "has an impossible birth date")
    if resident_id_check_digit(text[:17]) != text[17]:
        raise InvalidValue(field, _mask_for_error(text), "fails its check digit")
    return text


class _Today:
    """Today's date, looked up at most once a second (validation runs per row of big files)."""

    checked_at = -10.0
    value = date.min

    @classmethod
    def get(cls) -> date:
        now = time.monotonic()
        if now - cls.checked_at > 1.0:
            cls.checked_at, cls.value = now, date.today()
        return cls.value


def mask_resident_id(resident_id: str) -> str:
    """'310***********123X': the first three and last four characters stay."""
    return resident_id[:3] + "*" * (len(resident_id) - 7) + resident_id[-4:]


def _mask_for_error(text: str) -> str:
    # error messages go to logs and reject files: never the clear id
    return mask_resident_id(text) if len(text) >= 8 else "*" * len(text)


def origin_area_of(resident_id: str) -> str:
    """The 6-digit area of registration at issue (for synthetic ids: the province, 99PP00→PP)."""
    if resident_id.startswith(SYNTHETIC_ID_PROVINCE):
        return resident_id[2:4]
    return resident_id[:6]


# ---------------------------------------------------------------- phones

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SYNTHETIC_MOBILE = re.compile(r"100\d{8}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")


def validate_phone(value: object, field: str = "phone", *, allow_synthetic: bool = False) -> str:
    """A mainland mobile (11 digits from 13–19) or landline; synthetic mobiles start with 100."""
    if type(value) is str and plain_phone(value, allow_synthetic) is not None:
        return value
    text = re.sub(r"[\s()（）+]", "", unicodedata.normalize("NFKC", str(value)))
    if text.startswith("86") and len(text) == 13:
        text = text[2:]
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return text.replace("-", "")
    if allow_synthetic and _SYNTHETIC_MOBILE.fullmatch(text):
        return text
    raise InvalidValue(field, mask_phone(text), "is not a mobile or landline number")


_PLAIN_PHONE = re.compile(r"1\d{10}", re.ASCII)


def plain_phone(text: str, allow_synthetic: bool) -> str | None:
    """``text`` when it is a mobile in its plain form (11 digits, nothing else) that
    :func:`validate_phone` accepts as it is; None for anything else."""
    if not _PLAIN_PHONE.fullmatch(text):
        return None
    if text[1] in "3456789" or (allow_synthetic and text.startswith("100")):
        return text
    return None


def mask_phone(phone: str) -> str:
    """'138****5678'."""
    return phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:] if len(phone) > 7 else "****"


# ---------------------------------------------------------------- area codes


def validate_area_code(value: object, field: str = "area") -> str:
    """A known national statistical code of 2, 4, 6 or 9 digits (12-digit forms are cut)."""
    from graph.areas import area_registry

    text = str(value).strip()
    if re.fullmatch(r"\d{12}", text):
        text = text[:9] if text[6:9] != "000" else text[:6]
    if not re.fullmatch(r"\d{2}|\d{4}|\d{6}|\d{9}", text):
        raise InvalidValue(field, value, "is not an area code of 2, 4, 6 or 9 digits")
    if not area_registry().exists(text):
        raise InvalidValue(field, value, "is not a known area code")
    return text


AreaCode = Annotated[str, AfterValidator(validate_area_code)]
