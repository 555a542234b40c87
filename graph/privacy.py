"""Personal identifiers are stored as keyed hashes plus a masked form, never in clear."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from graph.values import mask_phone, mask_resident_id, origin_area_of

_BLOCK = 64
"""SHA-256 block size in bytes (RFC 2104 pads the key to it; a longer key is hashed first)."""


@dataclass(frozen=True, slots=True)
class Pseudonymiser:
    """HMAC-SHA256 with a secret key from configuration; the same id always gives the same key.

    The key is set up once (RFC 2104: the inner and outer SHA-256 states after the padded
    key) and each value continues copies of those states: the same digests as
    ``hmac.digest``, which sets the key up again per call and costs twice as much (a load
    hashes millions of identifiers)."""

    key: bytes
    _inner: Any = field(init=False, repr=False, compare=False)
    _outer: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = hashlib.sha256(self.key).digest() if len(self.key) > _BLOCK else self.key
        key = key.ljust(_BLOCK, b"\0")
        object.__setattr__(self, "_inner", hashlib.sha256(bytes(b ^ 0x36 for b in key)))
        object.__setattr__(self, "_outer", hashlib.sha256(bytes(b ^ 0x5C for b in key)))

    def __reduce__(self) -> tuple[type[Pseudonymiser], tuple[bytes]]:
        return Pseudonymiser, (self.key,)

    def hash(self, kind: str, clear: str) -> str:
        """32 hex characters (128 bits) of HMAC(key, kind + ':' + value)."""
        inner = self._inner.copy()
        inner.update(f"{kind}:{clear}".encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return str(outer.hexdigest()[:32])

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
