"""Designing a new program: the design form with the readiness check it answers. The program
itself is written by programs; its charter and checkpoints follow (governance/receivers.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.core.viewer import Viewer, get_viewer, require_people_manager
from upward.governance.models import ReadinessCheck
from upward.programs import services
from upward.programs.forms import ProgramForm
from upward.programs.models import Program


class ProgramDesignForm(ProgramForm):
    readiness_check = forms.ModelChoiceField(
        queryset=ReadinessCheck.objects.filter(program__isnull=True),
        required=False,
        label="The readiness check this program answers",
    )


@transaction.atomic
def _create(request: HttpRequest, viewer: Viewer, form: ProgramDesignForm) -> Program:
    program = services.program_create(
        actor=viewer.user,
        data=form.program_input(),
        sponsor=form.cleaned_data["sponsor"],
        lead=form.cleaned_data.get("lead"),
        request=request,
    )
    readiness_check = form.cleaned_data["readiness_check"]
    if readiness_check is not None:
        readiness_check.program = program
        readiness_check.save(update_fields=["program"])
    return program


def _create_form(request: HttpRequest, viewer: Viewer) -> ProgramDesignForm:
    """The design form. "Find" buttons post the form to search the people pickers: what was
    typed comes back as it was, nothing is validated or saved."""
    source = request.POST if request.method == "POST" else request.GET
    options = {
        "sponsor_search": source.get("sponsor_search", ""),
        "lead_search": source.get("lead_search", ""),
        "can_name_lead": viewer.is_site_admin,
    }
    if request.method == "POST" and "find" not in request.POST:
        return ProgramDesignForm(request.POST, **options)  # type: ignore[arg-type]
    initial = {
        name: source.getlist(name) if name == "kpis" else source.get(name)
        for name in ProgramDesignForm.base_fields
        if name in source
    }
    return ProgramDesignForm(initial=initial, **options)  # type: ignore[arg-type]


@require_http_methods(["GET", "POST"])
@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    form = _create_form(request, viewer)
    if form.is_bound and form.is_valid():
        try:
            program = _create(request, viewer, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Program created. Its charter was emailed to the sponsor to sign.",
            )
            return redirect("programs:detail", program_id=program.public_id)
    form.offer_people()
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "program": None},
        status=400 if form.errors else 200,
    )
