"""SCIM 2.0 endpoints (RFC 7644) at /scim/v2/, for identity providers holding a SCIM token.

Every answer is `application/scim+json`; every failure is a SCIM Error body with its status and,
where RFC 7644 names one, its scimType. Writes are transactional: a refused request changes
nothing.
"""

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic
from django.db import DataError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from scim2_models import (
    Context,
    Error,
    Group,
    InvalidSyntaxException,
    InvalidValueException,
    NotFoundException,
    NotImplementedException,
    PatchOp,
    PayloadTooLargeException,
    ResponseParameters,
    SCIMException,
    SearchRequest,
    UnauthorizedException,
)

from upward.audit import log as audit
from upward.core.http_errors import BAD_VALUE
from upward.integrations import tokens
from upward.scim import discovery, filters
from upward.scim import groups as group_store
from upward.scim import users as user_store

CONTENT_TYPE = "application/scim+json"
ACCEPTED_TYPES = {"application/scim+json", "application/json"}
MAX_BODY = 1024 * 1024  # one person or group; bulk is not supported
DEFAULT_COUNT = 100
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

View = Callable[..., HttpResponse]


class MethodNotAllowed(SCIMException):
    status = 405
    _default_detail = "This endpoint does not accept that method."


class UnsupportedMediaType(SCIMException):
    status = 415
    _default_detail = "Send application/scim+json."


def scim_json(document: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(document), status=status, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def error_response(error: SCIMException) -> HttpResponse:
    body = Error(status=error.status, scim_type=error.scim_type or None, detail=error.detail)
    response = scim_json(body.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE), error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response


def scim_endpoint(*methods: str) -> Callable[[View], View]:
    """Token check, method check, and SCIM errors for whatever goes wrong inside."""

    def decorate(view: View) -> View:
        @csrf_exempt  # a bearer token, not a cookie, authenticates these requests
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                _authenticate(request)
                if request.method not in methods:
                    raise MethodNotAllowed
                return view(request, *args, **kwargs)
            except SCIMException as error:
                return error_response(error)
            except pydantic.ValidationError as error:
                return error_response(InvalidValueException(detail=_first_problem(error)))
            except DataError:  # a value the database cannot hold (a NUL byte, say)
                return error_response(InvalidValueException(detail=BAD_VALUE))

        return wrapper

    return decorate


def _authenticate(request: HttpRequest) -> None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    token = tokens.check(secret.strip(), scim=True) if scheme.lower() == "bearer" else None
    if token is None:
        raise UnauthorizedException(detail="A valid SCIM bearer token is required.")
    request._upward_scim_token = token  # type: ignore[attr-defined]  # named in the audit log


def _first_problem(error: pydantic.ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem.get("loc", ()))
    return f"{where}: {problem.get('msg', 'invalid value')}" if where else problem["msg"]


def _body(request: HttpRequest) -> Any:
    content_type = request.content_type or ""
    if content_type not in ACCEPTED_TYPES:
        raise UnsupportedMediaType
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY or len(request.body) > MAX_BODY:
        raise PayloadTooLargeException(detail="The body is larger than 1 MB.")
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidSyntaxException(detail="The body is not valid JSON.") from None


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def _today() -> Any:
    return timezone.localdate()


def _parameters(query: Any, model: Any) -> ResponseParameters[Any]:
    return ResponseParameters[model].model_validate(
        {
            "attributes": query.get("attributes") or None,
            "excludedAttributes": query.get("excludedAttributes") or None,
        }
    )


def _dump(resource: Any, parameters: ResponseParameters[Any] | None = None) -> dict[str, Any]:
    return resource.model_dump(
        scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters
    )


# Discovery ---------------------------------------------------------------------------------


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest) -> HttpResponse:
    return scim_json(discovery.service_provider_config(_base_url(request)))


@scim_endpoint("GET")
def resource_types(request: HttpRequest, name: str | None = None) -> HttpResponse:
    return _discovery_list(discovery.resource_types(_base_url(request)), name)


@scim_endpoint("GET")
def schemas(request: HttpRequest, urn: str | None = None) -> HttpResponse:
    return _discovery_list(discovery.schemas(_base_url(request)), urn)


def _discovery_list(documents: list[dict[str, Any]], wanted: str | None) -> HttpResponse:
    if wanted is not None:
        for document in documents:
            if document["id"] == wanted:
                return scim_json(document)
        raise NotFoundException(detail=f"Nothing is published as {wanted!r}.")
    return scim_json(_list_response(documents, total=len(documents), start=1))


def _list_response(resources: list[dict[str, Any]], *, total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "itemsPerPage": len(resources),
        "startIndex": start,
        "Resources": resources,
    }


# Users and Groups -------------------------------------------------------------------------


@scim_endpoint("GET", "POST")
def users(request: HttpRequest) -> HttpResponse:
    base = _base_url(request)
    if request.method == "POST":
        incoming = user_store.parse(_body(request), Context.RESOURCE_CREATION_REQUEST, base)
        created = user_store.create(incoming, today=_today())
        _audit(request, created.employee, "create")
        return _resource_response(user_store.represent(created, base), status=201)
    return _list(request.GET, USERS, base)


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request: HttpRequest, resource_id: str) -> HttpResponse:
    base = _base_url(request)
    with transaction.atomic():
        found = user_store.find(resource_id)
        if found is None:
            raise NotFoundException(detail=f"No user has the id {resource_id!r}.")
        if request.method == "DELETE":
            _audit(request, found.employee, "delete")
            user_store.delete(found)
            return HttpResponse(status=204)
        if request.method == "PUT":
            incoming = user_store.parse(_body(request), Context.RESOURCE_REPLACEMENT_REQUEST, base)
            found = user_store.replace(found, incoming, today=_today())
            _audit(request, found.employee, "replace")
        elif request.method == "PATCH":
            operations = user_store.parse_patch(_body(request), base)
            found = user_store.patch(found, operations, base, today=_today())
            _audit(request, found.employee, "patch")
        else:
            parameters = _parameters(request.GET, user_store.UserResource)
            return scim_json(_dump(user_store.represent(found, base), parameters))
    return _resource_response(user_store.represent(user_store.users().get(pk=found.pk), base))


@scim_endpoint("GET", "POST")
def groups(request: HttpRequest) -> HttpResponse:
    base = _base_url(request)
    if request.method == "POST":
        incoming = group_store.parse(_body(request), Context.RESOURCE_CREATION_REQUEST)
        created = group_store.write(None, incoming)
        return _resource_response(group_store.represent(created, base), status=201)
    return _list(request.GET, GROUPS, base)


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def group(request: HttpRequest, resource_id: str) -> HttpResponse:
    base = _base_url(request)
    with transaction.atomic():
        found = group_store.find(resource_id)
        if found is None:
            raise NotFoundException(detail=f"No group has the id {resource_id!r}.")
        if request.method == "DELETE":
            found.delete()
            return HttpResponse(status=204)
        if request.method == "PUT":
            incoming = group_store.parse(_body(request), Context.RESOURCE_REPLACEMENT_REQUEST)
            found = group_store.write(found, incoming)
        elif request.method == "PATCH":
            operations = PatchOp[Group].model_validate(
                _body(request), scim_ctx=Context.RESOURCE_PATCH_REQUEST
            )
            found = group_store.patch(found, operations, base)
        else:
            return scim_json(
                _dump(group_store.represent(found, base), _parameters(request.GET, Group))
            )
    return _resource_response(group_store.represent(group_store.groups().get(pk=found.pk), base))


@scim_endpoint("POST")
def search(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    """POST /Users/.search and /Groups/.search: the query in the body (RFC 7644 3.4.3)."""
    if kind is None:
        raise NotImplementedException(detail="Search one resource type at a time.")
    query = _body(request)
    if not isinstance(query, dict):
        raise InvalidSyntaxException(detail="The body must be a SearchRequest object.")
    SearchRequest.model_validate(query, scim_ctx=Context.SEARCH_REQUEST)
    attributes = {
        name: ",".join(value) if isinstance(value, list) else value
        for name, value in query.items()
        if name in {"attributes", "excludedAttributes"}
    }
    return _list({**query, **attributes}, USERS if kind == "Users" else GROUPS, _base_url(request))


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    raise NotFoundException(detail="There is no SCIM endpoint at this address.")


def _resource_response(resource: Any, status: int = 200) -> HttpResponse:
    response = scim_json(_dump(resource), status)
    response["Location"] = resource.meta.location
    return response


@dataclass(frozen=True)
class Listing:
    """What a list or search needs to know about one resource type."""

    queryset: Callable[[], QuerySet[Any]]
    fields: Mapping[str, str | None]
    represent: Callable[[Any, str], Any]
    model: Any


USERS = Listing(
    user_store.users, filters.USER_FIELDS, user_store.represent, user_store.UserResource
)
GROUPS = Listing(group_store.groups, filters.GROUP_FIELDS, group_store.represent, Group)


def _list(query: Any, listing: Listing, base: str) -> HttpResponse:
    parameters = _parameters(query, listing.model)
    queryset = listing.queryset()
    expression = str(query.get("filter") or "").strip()
    if expression:
        queryset = queryset.filter(filters.parse(expression, listing.fields)).distinct()
    start = max(_integer(query, "startIndex", 1), 1)  # RFC 7644 3.4.2.4: below 1 means 1
    count = min(max(_integer(query, "count", DEFAULT_COUNT), 0), discovery.MAX_RESULTS)
    total = queryset.count()
    # Past the end is an empty page (and never a huge OFFSET sent to the database).
    page = list(queryset[start - 1 : start - 1 + count]) if count and start <= total else []
    resources = [_dump(listing.represent(item, base), parameters) for item in page]
    return scim_json(_list_response(resources, total=total, start=start))


def _integer(query: Any, name: str, default: int) -> int:
    raw = query.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise InvalidValueException(detail=f"{name} must be a whole number.") from None


def _audit(request: HttpRequest, employee: Any, operation: str) -> None:
    """Every SCIM write to a person, with the token that made it (its prefix only)."""
    audit.record(
        audit.Action.SCIM_WRITE,
        request=request,
        about=employee,
        target=employee,
        operation=operation,
        token=request._upward_scim_token.prefix,  # type: ignore[attr-defined]
    )
