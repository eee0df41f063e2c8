from collections.abc import Callable

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers

from upward.core.http_errors import BAD_VALUE, TOO_LARGE


class BodySizeLimitMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 before anything reads it,
    in the API's one error shape for /api/. Multipart uploads are left to the upload limits
    (an HRIS export may be larger), and SCIM answers in its own error format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and self._declared_size(request) > limit and self._applies(request):
            detail = TOO_LARGE.format(limit=limit)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": detail}, status=413)
            return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _declared_size(request: HttpRequest) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0

    @staticmethod
    def _applies(request: HttpRequest) -> bool:
        multipart = request.content_type == "multipart/form-data"
        return not multipart and not request.path.startswith("/scim/")


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user carry personal data: no shared or browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # includes no-store and private
        return response


class BadValueMiddleware:
    """A value the database refuses as data (a NUL byte, an out-of-range number) is the
    client's mistake: answer 400, not a server error. PostgreSQL refuses what SQLite accepts,
    so without this the same request is a 400 on one and a 500 on the other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DataError):
            return HttpResponseBadRequest(BAD_VALUE, content_type="text/plain; charset=utf-8")
        return None
