from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user carry personal data: no shared or browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # includes no-store and private
        return response


BAD_VALUE = (
    "A value in the request is out of range or contains characters that cannot be stored "
    "(such as a NUL byte)."
)


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
