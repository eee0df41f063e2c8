"""Personal-data requests: a person downloads what Upward holds about them; a site
administrator downloads what an administrator may see about someone (not what they wrote in
confidence), or erases them. Every request is in the audit log."""

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from upward.audit import log as audit
from upward.core.viewer import get_viewer
from upward.people.access import get_person_for_site_admin
from upward.people.models import Employee
from upward.privacy.access import get_own_person_record
from upward.privacy.erasure import erase_person
from upward.privacy.export import export_for_admin, export_person
from upward.privacy.forms import EraseConfirmForm


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
    employee = get_own_person_record(get_viewer(request))
    audit.record(audit.Action.DATA_REQUEST, request=request, about=employee, kind="own export")
    return _download(employee, export_person(employee))


@require_GET
@login_required
def person_data(request: HttpRequest, person_id: UUID) -> HttpResponse:
    employee = get_person_for_site_admin(get_viewer(request), person_id)
    audit.record(audit.Action.DATA_REQUEST, request=request, about=employee, kind="export")
    # What an administrator may see, as on the screens; the confidential parts are only in the
    # person's own download.
    return _download(employee, export_for_admin(employee))


@require_POST
@login_required
def person_erase(request: HttpRequest, person_id: UUID) -> HttpResponse:
    employee = get_person_for_site_admin(get_viewer(request), person_id)
    form = EraseConfirmForm(request.POST)
    if not form.is_valid():
        for error in form.errors["confirm"]:
            messages.error(request, str(error))
        return redirect("people:detail", person_id=employee.public_id)
    erase_person(employee, by=get_viewer(request).user)
    messages.success(request, "Erased. The record is pseudonymous; the figures it fed still hold.")
    return redirect("people:detail", person_id=employee.public_id)
