from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request that went through HtmxMiddleware (for typing views that branch on htmx)."""

    htmx: HtmxDetails
