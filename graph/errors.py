"""Errors of the domain. They carry no HTTP status: only the API maps them to one."""

from __future__ import annotations


class ZhiqianError(Exception):
    """Base of every error the product raises on purpose."""


class InvalidValue(ZhiqianError, ValueError):
    """A value failed its validation: names the field and the value."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {value!r} {reason}")


class NotFound(ZhiqianError, LookupError):
    """A thing named by its natural key does not exist."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class Conflict(ZhiqianError):
    """The request contradicts the stored state (e.g. an illegal case transition)."""


class StoreError(ZhiqianError):
    """The graph store failed (I/O, driver, server): the message says which and why."""


class Forbidden(ZhiqianError):
    """The principal may not do or see this."""
