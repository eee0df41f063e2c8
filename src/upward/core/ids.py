"""Ids that come back from a form: a list a person ticked, where a tampered or truncated value
must be refused in words rather than reach the database as a 500."""

from collections.abc import Iterable
from uuid import UUID


def ids_or_none(values: Iterable[str]) -> list[UUID] | None:
    """The values as UUIDs, or None if any is not one."""
    try:
        return [UUID(str(value)) for value in values]
    except ValueError:
        return None
