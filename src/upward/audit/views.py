"""The site administrator's audit log: search by what happened, by whom and when."""

from datetime import datetime, time
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from upward.audit.models import AuditEvent, AuditSubject
from upward.core.viewer import get_viewer


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not get_viewer(request).is_site_admin:
        raise PermissionDenied
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    who = request.GET.get("who", "").strip()
    if who:
        keys = AuditSubject.objects.filter(user__username__iexact=who).values("key")
        events = events.filter(actor__in=keys)
    since, until = (
        parse_date(request.GET.get("from") or ""),
        parse_date(request.GET.get("to") or ""),
    )
    if since:
        events = events.filter(at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        events = events.filter(at__lte=timezone.make_aware(datetime.combine(until, time.max)))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    names = _names({event.actor for event in page if event.actor})
    rows = [(event, names.get(event.actor) if event.actor else None) for event in page]
    context = {
        "page": page,
        "rows": rows,
        "actions": AuditEvent.Action.choices,
        "chosen": action,
        "who": who,
    }
    return render(request, "audit/log.html", context)


def _names(keys: set[UUID]) -> dict[UUID, str]:
    """Subject key -> user name, for keys still linked to someone (erased people are not)."""
    linked = AuditSubject.objects.filter(key__in=keys, user__isnull=False).values_list(
        "key", "user__username"
    )
    return dict(linked)
