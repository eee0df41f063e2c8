"""The lead's outcomes page and its downloads, and a member's consent from the pair page."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from upward.audit import log as audit
from upward.core.feedback import flash_errors
from upward.core.forms import Refused, refusal_words
from upward.core.viewer import get_viewer
from upward.programs.models import Program
from upward.talent import access, exports, selectors, services
from upward.talent.forms import ConsentForm, DecisionForm, LeadNoteForm
from upward.talent.models import OutcomeConsent

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _page(
    request: HttpRequest,
    program: Program,
    refused_note: tuple[OutcomeConsent, LeadNoteForm] | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    rows = selectors.outcome_rows(program)
    notes = {
        row.consent.pk: LeadNoteForm(initial={"text": row.lead_note}, prefix=_prefix(row.consent))
        for row in rows
    }
    if refused_note:
        notes[refused_note[0].pk] = refused_note[1]
    decision = selectors.decision_of(program)
    initial = {"choice": decision.choice, "reasons": decision.reasons} if decision else {}
    refused = bool(refused_note or (decision_form and decision_form.errors))
    return render(
        request,
        "talent/outcomes.html",
        {
            "program": program,
            "rows": [(row, notes[row.consent.pk]) for row in rows],
            "could_share": selectors.closed_pair_members(program),
            "decision": decision,
            "may_decide": selectors.may_decide(program),
            "decision_form": decision_form or DecisionForm(initial=initial),
        },
        status=400 if refused else 200,
    )


def _prefix(consent: OutcomeConsent) -> str:
    """One note form per person on the page: each needs its own field ids."""
    return f"note-{consent.pk}"


@require_GET
@login_required
def outcomes(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = access.get_program_for_outcomes(get_viewer(request), program_id)
    return _page(request, program)


@require_POST
@login_required
def note(request: HttpRequest, program_id: UUID, consent_id: UUID) -> HttpResponse:
    consent = access.get_consent_for_lead(get_viewer(request), program_id, consent_id)
    form = LeadNoteForm(request.POST, prefix=_prefix(consent))
    if not form.is_valid():
        return _page(request, consent.pair.cohort.program, refused_note=(consent, form))
    services.lead_note_save(consent=consent, text=form.cleaned_data["text"])
    messages.success(request, f"Note saved for {consent.participant.employee.display_name}.")
    url = reverse("talent:outcomes", args=[program_id])
    return redirect(f"{url}#person-{consent.public_id}")


@require_POST
@login_required
def decision(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = access.get_program_for_outcomes(viewer, program_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.program_decision_record(
                program=program, actor=viewer.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Decision recorded. It shows on the program page.")
            return redirect("talent:outcomes", program_id=program.public_id)
    return _page(request, program, decision_form=form)


@require_GET
@login_required
def export(request: HttpRequest, program_id: UUID, fmt: str) -> HttpResponse:
    fmt = access.require_export_format(fmt)
    program = access.get_program_for_outcomes(get_viewer(request), program_id)
    rows = selectors.outcome_rows(program)
    body = exports.to_csv(rows) if fmt == "csv" else exports.to_xlsx(rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = exports.filename(program, timezone.localdate(), fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record(
        audit.Action.EXPORT,
        request=request,
        target=program,
        what="outcomes",
        format=fmt,
        rows=len(rows),
    )
    return response


@require_POST
@login_required
def consent(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    pair, participant = access.get_pair_member(get_viewer(request), pair_id)
    form = ConsentForm(request.POST)
    if form.has_error("share", "invalid_choice"):
        raise Refused(refusal_words(form))  # an altered page: the two buttons send yes or no
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["share"]))
        services.outcome_consent_set(
            pair=pair, participant=participant, share=form.cleaned_data["share"]
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            "Thank you: your outcomes can go to talent reviews. You can change this any time."
            if form.cleaned_data["share"]
            else "Saved: nothing about your pair goes to talent reviews.",
        )
    return redirect(f"{reverse('workspace:pair', args=[pair.public_id])}#talent-consent")
