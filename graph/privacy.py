"""Personal identifiers are stored as keyed hashes plus a masked form, never in clear."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from graph.values import mask_phone, mask_resident_id, origin_area_of


@dataclass(frozen=True, slots=True)
class Pseudonymiser:
    """HMAC-SHA256 with a secret key from configuration; the same id always gives the same key."""

    key: bytes

    def hash(self, kind: str, clear: str) -> str:
        """32 hex characters (128 bits) of HMAC(key, kind + ':' + value)."""
        return hmac.digest(self.key, f"{kind}:{clear}".encode(), "sha256")[:16].hex()

    def person_key(self, resident_id: str) -> str:
        """The natural key of a Person node (pid)."""
        return self.hash("rid", resident_id)

    def phone_key(self, phone: str) -> str:
        return self.hash("phone", phone)


@dataclass(frozen=True, slots=True)
class ProtectedId:
    """What is kept of a resident id: hash, mask and the area of origin."""

    pid: str
    masked: str
    origin_area: str


def protect_resident_id(pseudonymiser: Pseudonymiser, resident_id: str) -> ProtectedId:
    return ProtectedId(
        pid=pseudonymiser.person_key(resident_id),
        masked=mask_resident_id(resident_id),
        origin_area=origin_area_of(resident_id),
    )


def protect_phone(pseudonymiser: Pseudonymiser, phone: str) -> tuple[str, str]:
    """(hash, masked form) of a phone number."""
    return pseudonymiser.phone_key(phone), mask_phone(phone)
