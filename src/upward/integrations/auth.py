"""Bearer-token authentication for the API, beside the browser session.

A token acts as the admin who created it, narrowed: a read-only token may not write (403), and a
token scoped to a program sees that program only (everything else is a 404, as for anyone
outside it). The narrowing is applied where every access decision starts, `get_viewer`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from ninja.security import HttpBearer

from upward.integrations.models import ApiToken
from upward.integrations.tokens import check

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ReadOnlyToken(PermissionDenied):
    """A write with a read-only token: the refusal says why."""

    message = "This token is read-only."


class ProgramScopedToken(PermissionDenied):
    """Organisation-wide data asked for with a token scoped to one program: the refusal says
    why."""

    message = (
        "A token scoped to one program cannot read or change the organisation's people data: "
        "use an organisation-wide token."
    )


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = check(token)
        if found is None:
            return None
        if found.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise ReadOnlyToken(ReadOnlyToken.message)
        request.user = found.created_by
        request._upward_token = found  # type: ignore[attr-defined]
        return found


def token_program_id(request: HttpRequest) -> int | None:
    """The program an integration token is scoped to, or None (no token, or a site-wide one).
    Reads that list whole tables narrow themselves to it; `narrowed_to_program` does the rest."""
    token = getattr(request, "_upward_token", None)
    return token.program_id if token is not None else None


def people_of_program(program_id: int) -> Q:
    """The people a program-scoped token may see: its participants and its role holders."""
    return Q(participations__cohort__program_id=program_id) | Q(
        account__program_roles__program_id=program_id
    )
