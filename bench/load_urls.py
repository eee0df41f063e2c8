from django.http import HttpRequest, HttpResponse
from django.urls import path

from upward.urls import handler500  # noqa: F401
from upward.urls import urlpatterns as upward_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """Nothing but the framework: middleware, session and user, then a constant answer."""
    return HttpResponse(f"ok {request.user.is_authenticated}")


urlpatterns = [path("bench/bare/", bare), *upward_urlpatterns]
