from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from upward.accounts.access_links import account_for, passwords_allowed, send_password_link
from upward.accounts.sessions import end_sessions
from upward.audit import log as audit
from upward.core.htmx import HtmxRequest
from upward.core.viewer import Viewer, get_viewer, require_people_manager
from upward.people import imports, selectors
from upward.people.access import (
    get_import_for_people_manager,
    get_login_to_sign_out,
    get_person_for_people_manager,
    get_profile_for_people_manager,
    get_refused_rows,
)
from upward.people.forms import ImportApplyForm, ImportUploadForm, PeopleFilterForm
from upward.people.hris_files import UploadRejected
from upward.people.models import Employee, ImportJob

PAGE_SIZE = 50


def _people_manager(request: HttpRequest) -> Viewer:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    return viewer


@require_GET
@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    _people_manager(request)
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    department = filters.get("department")
    people = selectors.search_people(
        query=filters.get("q", ""),
        department=str(department.public_id) if department else "",
        status=filters.get("status", ""),
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/people_list.html", {"form": form, "page": page})


@require_GET
@login_required
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    profile = get_profile_for_people_manager(get_viewer(request), person_id)
    audit.record(
        audit.Action.RESTRICTED_READ,
        request=request,
        about=profile.employee,
        target=profile.employee,
    )
    context = {"profile": profile, "passwords_allowed": passwords_allowed()}
    return render(request, "people/person_detail.html", context)


@require_POST
@login_required
def end_person_sessions(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A lead signs out a participant of a program they lead, everywhere (a lost laptop, a shared
    screen); a site admin signs out anyone. Other people are seen in the directory, not theirs
    to sign out (403)."""
    employee, login = get_login_to_sign_out(get_viewer(request), person_id)
    ended = end_sessions(login)
    audit.record(
        audit.Action.SESSIONS_ENDED, request=request, about=employee, target=employee, count=ended
    )
    messages.success(request, f"{employee.display_name} is signed out ({ended} sessions ended).")
    return redirect("people:detail", person_id=employee.public_id)


@require_POST
@login_required
def send_sign_in_link(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A lead lets someone in who has no password yet (or lost it): one emailed link."""
    employee = get_person_for_people_manager(get_viewer(request), person_id)
    user = account_for(employee) if employee.status != Employee.StatusChoices.EXITED else None
    if user is None:
        messages.error(request, f"{employee.display_name} cannot get a sign-in link here.")
        return redirect("people:detail", person_id=employee.public_id)
    sent = send_password_link(user, reason="lead")
    audit.record(audit.Action.SIGN_IN_LINK, request=request, about=employee, target=employee)
    messages.success(
        request,
        f"A link to choose a password is on its way to {employee.email}."
        if sent
        else "A link went to them in the last 15 minutes; it is still good to use.",
    )
    return redirect("people:detail", person_id=employee.public_id)


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    viewer = _people_manager(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.import_job_create(
                user=viewer.user,
                filename=upload.name,
                content=upload.read(),
                day_first=form.day_first(),
            )
        except UploadRejected as rejected:
            form.add_error("file", str(rejected))
        else:
            return redirect("people:import_job", job_id=job.public_id)
    recent = selectors.import_jobs_for(viewer.user, is_site_admin=viewer.is_site_admin)[:10]
    status = 400 if form.errors else 200
    return render(
        request, "people/import_start.html", {"form": form, "recent": recent}, status=status
    )


@require_GET
@login_required
def import_job(request: HtmxRequest, job_id: UUID) -> HttpResponse:
    job = get_import_for_people_manager(get_viewer(request), job_id)
    if request.htmx:
        # htmx polls the progress block while the job runs; once done, reload for the report.
        if not job.is_running:
            return HttpResponseClientRefresh()
        return render(request, "people/import_job.html#progress", {"job": job})
    return _job_page(request, job)


def _job_page(request: HttpRequest, job: ImportJob, *, status: int = 200) -> HttpResponse:
    counts = job.counts or {}
    context = {
        "job": job,
        "report": job.report,
        "valid_rows": imports.valid_row_count(counts),
        "partial": job.report.get("mode") == imports.VALID_ROWS,
    }
    return render(request, "people/import_job.html", context, status=status)


@require_POST
@login_required
def import_apply(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = get_import_for_people_manager(get_viewer(request), job_id)
    form = ImportApplyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("mode", []):
            messages.error(request, str(error))
        return _job_page(request, job, status=400)
    try:
        imports.import_job_request_apply(job, mode=form.chosen_mode())
    except ValueError as refused:
        messages.error(request, str(refused))
    return redirect("people:import_job", job_id=job.public_id)


@require_GET
@login_required
def import_refused(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The rows an import of the valid rows left out, with their reasons, as a CSV."""
    job = get_import_for_people_manager(get_viewer(request), job_id)
    content = get_refused_rows(job)
    stem = job.filename.rsplit(".", 1)[0] or "import"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-refused-rows.csv"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
