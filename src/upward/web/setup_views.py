"""The site administrator's setup pages: the first-run checklist and people's roles."""

from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from upward.competencies.services import load_starter_framework
from upward.core.feedback import flash_errors
from upward.core.forms import Refused, refusal_words
from upward.core.viewer import Viewer, get_viewer
from upward.people.access import get_person_for_site_admin
from upward.people.models import Employee
from upward.programs import services as program_services
from upward.programs.models import Program, ProgramRole
from upward.web import setup

ROLE_CHOICES = [
    (ProgramRole.Role.LEAD.value, "Program lead"),
    (ProgramRole.Role.ANALYST.value, "People analyst"),
    (setup.SITE_ADMIN, "Site admin"),
]


class PeopleSearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label="Name or email")


class RoleChangeForm(forms.Form):
    change = forms.ChoiceField(choices=[("grant", "Grant"), ("remove", "Remove")])
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    program = forms.ModelChoiceField(
        queryset=Program.objects.order_by("name"),
        to_field_name="public_id",
        required=False,
        help_text="Program lead and people analyst are roles in one program.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("role") != setup.SITE_ADMIN and not data.get("program"):
            raise ValidationError("Choose the program this role is for.")
        return data


def _site_admin(request: HttpRequest) -> Viewer:
    viewer = get_viewer(request)
    if not viewer.is_site_admin:
        raise PermissionDenied
    return viewer


@require_GET
@login_required
def setup_home(request: HttpRequest) -> HttpResponse:
    _site_admin(request)
    return render(
        request,
        "setup/home.html",
        {
            "items": {item.key: item for item in setup.checklist()},
            "has_program": Program.objects.exists(),
            "site_url": settings.SITE_URL,
        },
    )


@require_POST
@login_required
def framework_load(request: HttpRequest) -> HttpResponse:
    _site_admin(request)
    added = load_starter_framework()
    if added:
        messages.success(request, f"Loaded the starter framework: {added} competencies added.")
    else:
        messages.info(request, "The starter framework was already loaded: nothing changed.")
    return redirect("setup:home")


@require_POST
@login_required
def test_email(request: HttpRequest) -> HttpResponse:
    viewer = _site_admin(request)
    try:
        email = setup.send_test_email(viewer.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"A test email is on its way to {email.to}.")
    return redirect("setup:home")


@require_GET
@login_required
def roles(request: HttpRequest) -> HttpResponse:
    _site_admin(request)
    form = PeopleSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "setup/roles.html",
        {
            "form": form,
            "query": query,
            "found": setup.find_people(query),
            "site_admins": setup.site_admins(),
        },
    )


@require_GET
@login_required
def person(request: HttpRequest, person_id: UUID) -> HttpResponse:
    employee = get_person_for_site_admin(get_viewer(request), person_id)
    return render(request, "setup/person.html", _person_context(employee, RoleChangeForm()))


def _person_context(employee: Employee, form: RoleChangeForm) -> dict[str, object]:
    return {
        "person": setup.roles_of(employee),
        "form": form,
        "history": setup.role_history(employee),
        "programs": Program.objects.order_by("name"),
        "role_labels": setup.ROLE_LABELS,
    }


@require_POST
@login_required
def person_change(request: HttpRequest, person_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    employee = get_person_for_site_admin(viewer, person_id)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        if "change" in form.errors:
            # A hidden field every button sets: a stale or altered page, not a person's typing.
            raise Refused(refusal_words(form))
        return render(request, "setup/person.html", _person_context(employee, form), status=400)
    change, role = form.cleaned_data["change"], form.cleaned_data["role"]
    program = form.cleaned_data["program"]
    try:
        if role == setup.SITE_ADMIN:
            if change == "grant":
                setup.site_admin_grant(employee=employee, actor=viewer.user, request=request)
            else:
                setup.site_admin_remove(employee=employee, actor=viewer.user, request=request)
        elif change == "grant":
            program_services.role_grant(
                employee=employee, program=program, role=role, actor=viewer.user, request=request
            )
        else:
            program_services.role_remove(
                employee=employee, program=program, role=role, actor=viewer.user, request=request
            )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        label = setup.ROLE_LABELS[role]
        where = f" of {program.name}" if program and role != setup.SITE_ADMIN else ""
        done = "is now" if change == "grant" else "is no longer"
        messages.success(request, f"{employee.display_name} {done} {label}{where}.")
    return redirect("setup:person", person_id=employee.public_id)


app_name = "setup"
urlpatterns = [
    path("", setup_home, name="home"),
    path("framework/", framework_load, name="framework"),
    path("test-email/", test_email, name="test_email"),
    path("roles/", roles, name="roles"),
    path("roles/<uuid:person_id>/", person, name="person"),
    path("roles/<uuid:person_id>/change/", person_change, name="person_change"),
]
