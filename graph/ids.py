"""Natural keys that are derived rather than given."""

from __future__ import annotations

import hashlib

from graph.values import normalize_name

UNREGISTERED_PREFIX = "X-"


def enterprise_key(uscc: str | None, name: str) -> str:
    """An Enterprise's key: its USCC, or 'X-' + a digest of its normalised name when it has
    none (an unregistered 施工队, or a filing that left the code out)."""
    if uscc:
        return uscc
    digest = hashlib.sha256(normalize_name(name).encode()).hexdigest()[:16].upper()
    return UNREGISTERED_PREFIX + digest
