from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from upward.audit.log import record
from upward.audit.models import AuditEvent


class AuditDenialsMiddleware:
    """Every refusal a view raises (403) goes in the audit log with the address asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            record(
                AuditEvent.Action.DENIED,
                request=request,
                path=request.path[:200],
                method=request.method,
            )
