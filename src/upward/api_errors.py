"""The one error shape every API operation answers with on a 4xx."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema, Status

# A number a client sends: pydantic would otherwise read the strings "nan" and "inf" as floats,
# which a goal stored and the API then returned as invalid JSON.
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class ErrorOut(Schema):
    detail: str


def refused(status: int, error: ValidationError | str) -> Status[Any]:
    """A clear, single-sentence refusal from a service's ValidationError (or a plain reason)."""
    detail = error if isinstance(error, str) else " ".join(error.messages)
    return Status(status, ErrorOut(detail=detail))


class MessageOut(Schema):
    """A short confirmation for operations with nothing else to return."""

    detail: str


# Every operation may answer with these; the schema says so, so clients (and schemathesis) know.
COMMON_ERRORS = {
    400: "The request is not valid: a bad value, body or content type.",
    401: "No valid session or token.",
    403: "Signed in, but not allowed to do this (or the token is read-only).",
    404: "No such object, or not one you may see.",
    422: "The body or parameters do not match the schema; `detail` lists each problem.",
}

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "description": "One sentence, or for 422 a list of the problems found.",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
        }
    },
}


def declare_common_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error responses to every operation that does not declare its own."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            declared = {int(status) for status in responses}  # ninja keys them by int
            for status, description in COMMON_ERRORS.items():
                if status not in declared:
                    responses[status] = {"description": description, "content": reference}
    return schema
