"""The REST API at /api/v1/: one router per app, the same services and access rules as the UI."""

import json
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import django_auth

from upward.api_errors import declare_common_errors
from upward.audit import log as audit
from upward.competencies.api import router as competencies_router
from upward.core.http_errors import BAD_VALUE, TOO_LARGE
from upward.flags.api import router as flags_router
from upward.governance.api import router as setup_router
from upward.impact.api import router as impact_router
from upward.integrations.auth import ProgramScopedToken, ReadOnlyToken, TokenAuth
from upward.matching.api import router as matching_router
from upward.people.api import router as people_router
from upward.programs.api import pairs_router
from upward.programs.api import router as programs_router
from upward.recruitment.api import router as recruitment_router
from upward.surveys.api import router as surveys_router
from upward.talent.api import router as talent_router
from upward.webhooks.api import router as webhooks_router
from upward.workspace.api import router as workspace_router


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number.")


class StrictJsonParser(Parser):
    """JSON as RFC 8259 defines it. Python's json module accepts NaN and Infinity, which then
    broke a database constraint (a 500) or came back out as invalid JSON: refused with a 400."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], json.loads(request.body, parse_constant=_refuse_constant))


class UpwardAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_common_errors(schema)
        return schema


api = UpwardAPI(
    title="Upward API",
    version="1",
    description=(
        "Programs, cohorts, pairs, people, matching, sessions, surveys, flags, impact and "
        "webhooks. SCIM provisioning is at /scim/v2/ (RFC 7644), outside this schema."
    ),
    urls_namespace="api",
    # A browser session (with CSRF), or an integration token as "Authorization: Bearer upw_…".
    auth=[TokenAuth(), django_auth],  # a bearer token first: it needs no CSRF cookie
    docs_decorator=login_required,  # the schema describes HR data: signed-in users only
    parser=StrictJsonParser(),
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    explained = isinstance(exc, ReadOnlyToken | ProgramScopedToken)
    detail = exc.message if explained else "You may not do this."  # type: ignore[attr-defined]
    audit.record(
        audit.Action.DENIED, request=request, path=request.path[:200], method=request.method
    )
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(MultiPartParserError)
def bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # Found by schemathesis: a multipart Content-Type without a boundary was a 500.
    return api.create_response(
        request, {"detail": "The body is not valid multipart/form-data."}, status=400
    )


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # A chunked body has no Content-Length for the middleware to check first.
    detail = TOO_LARGE.format(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(DataError)
def bad_value(request: HttpRequest, exc: DataError) -> HttpResponse:
    # Found by schemathesis on PostgreSQL: a NUL byte or an out-of-range number was a 500.
    return api.create_response(request, {"detail": BAD_VALUE}, status=400)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


api.add_router("/programs", programs_router)
api.add_router("/pairs", pairs_router)
api.add_router("/people", people_router)
api.add_router("/competencies", competencies_router)
api.add_router("/matching", matching_router)
api.add_router("/setup", setup_router)
api.add_router("/recruitment", recruitment_router)
api.add_router("/workspace", workspace_router)
api.add_router("/surveys", surveys_router)
api.add_router("/flags", flags_router)
api.add_router("/impact", impact_router)
api.add_router("/webhooks", webhooks_router)
api.add_router("/talent", talent_router)
