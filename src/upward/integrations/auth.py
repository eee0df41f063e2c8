"""Bearer-token authentication for the API, beside the browser session.

A token acts as the admin who created it, narrowed: a read-only token may not write (403), and a
token scoped to a program sees that program only (everything else is a 404, as for anyone
outside it). The narrowing is applied where every access decision starts, `get_viewer`
(core/viewer.py, which also holds what a scoped token is refused).
"""

__all__ = ["ProgramScopedToken", "ReadOnlyToken", "TokenAuth", "token_program_id"]

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from upward.core.viewer import ProgramScopedToken, token_program_id
from upward.integrations.models import ApiToken
from upward.integrations.tokens import check

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ReadOnlyToken(PermissionDenied):
    """A write with a read-only token: the refusal says why."""

    message = "This token is read-only."


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
