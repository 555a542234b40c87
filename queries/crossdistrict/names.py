"""Enterprise name normalisation for entity resolution.

District files disagree on name forms: 全角/半角, 有限公司/有限责任公司, brackets, spaces, and
branch names (…分公司, …项目部). :func:`canonical_name` reduces a name to a core that blocks
candidate pairs, and keeps the branch part apart so that "branch of" can be a reason.
Place prefixes (上海/市/区) are deliberately kept: stripping them would merge 上海华建 with
北京华建, which are different units.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_LEGAL_FORMS = (("有限责任公司", "有限公司"),)
_BRANCH_SUFFIX = "(?:分公司|项目经理部|项目部|办事处|工程处)"
_BRANCH = re.compile(rf"^(?P<core>.+?公司)(?P<branch>.*?{_BRANCH_SUFFIX})$")
_DROP_CATEGORIES = ("P", "Z", "S", "C")


@dataclass(frozen=True, slots=True)
class CanonicalName:
    """``core`` is the parent unit's name; ``branch`` the branch part ('' for the unit itself)."""

    core: str
    branch: str

    @property
    def full(self) -> str:
        return self.core + self.branch


def squeeze(text: str) -> str:
    """NFKC, then drop white space, punctuation, symbols and control characters."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not unicodedata.category(c).startswith(_DROP_CATEGORIES))


@lru_cache(maxsize=1 << 18)
def canonical_name(name: str) -> CanonicalName:
    """Core and branch: '上海华建建设有限责任公司（浦东分公司）' gives core
    '上海华建建设有限公司' and branch '浦东分公司'."""
    text = squeeze(name)
    for variant, standard in _LEGAL_FORMS:
        text = text.replace(variant, standard)
    match = _BRANCH.match(text)
    if match and match["branch"]:
        return CanonicalName(match["core"], match["branch"])
    return CanonicalName(text, "")


def canonical_address(address: str | None) -> str:
    """An address squeezed for equality tests ('' when missing)."""
    return squeeze(address) if address else ""
