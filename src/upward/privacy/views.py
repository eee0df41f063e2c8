"""Personal-data requests: a person downloads what Upward holds about them; a site
administrator downloads what an administrator may see about someone (not what they wrote in
confidence), or erases them. Every request is in the audit log."""

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from upward.audit import log as audit
from upward.core.viewer import get_viewer
from upward.people.models import Employee
from upward.privacy.erasure import erase_person
from upward.privacy.export import export_for_admin, export_person


def _download(employee: Employee, document: dict[str, Any]) -> HttpResponse:
    body = json.dumps(document, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''upward-personal-data-{employee.public_id}.json"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    employee = Employee.objects.filter(account=get_viewer(request).user).first()
    if employee is None:
        raise Http404("There is no person record for this login.")
    audit.record(audit.Action.DATA_REQUEST, request=request, about=employee, kind="own export")
    return _download(employee, export_person(employee))


def _admin_only(request: HttpRequest) -> None:
    if not get_viewer(request).is_site_admin:
        raise PermissionDenied


@require_GET
@login_required
def person_data(request: HttpRequest, person_id: UUID) -> HttpResponse:
    _admin_only(request)
    employee = get_object_or_404(Employee, public_id=person_id)
    audit.record(audit.Action.DATA_REQUEST, request=request, about=employee, kind="export")
    # What an administrator may see, as on the screens; the confidential parts are only in the
    # person's own download.
    return _download(employee, export_for_admin(employee))


@require_POST
@login_required
def person_erase(request: HttpRequest, person_id: UUID) -> HttpResponse:
    _admin_only(request)
    employee = get_object_or_404(Employee, public_id=person_id)
    if request.POST.get("confirm", "").strip().lower() != "erase":
        messages.error(request, 'Type "erase" to confirm; nothing was changed.')
        return redirect("people:detail", person_id=employee.public_id)
    erase_person(employee, by=get_viewer(request).user)
    messages.success(request, "Erased. The record is pseudonymous; the figures it fed still hold.")
    return redirect("people:detail", person_id=employee.public_id)
