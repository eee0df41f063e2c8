"""The one error shape every API operation answers with on a 4xx."""

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Schema, Status


class ErrorOut(Schema):
    detail: str


def refused(status: int, error: ValidationError | str) -> Status[Any]:
    """A clear, single-sentence refusal from a service's ValidationError (or a plain reason)."""
    detail = error if isinstance(error, str) else " ".join(error.messages)
    return Status(status, ErrorOut(detail=detail))


class MessageOut(Schema):
    """A short confirmation for operations with nothing else to return."""

    detail: str
