from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upward.programs import selectors
from upward.programs.access import (
    Role,
    get_cohort_for_lead,
    get_pair_for_user,
    get_program_for_user,
    get_viewer,
)


@require_GET
@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    if not (viewer.is_site_admin or viewer.program_roles):
        raise PermissionDenied
    programs = selectors.visible_programs(viewer)
    summaries = selectors.program_summaries(viewer, programs, timezone.localdate())
    return render(request, "programs/program_list.html", {"summaries": summaries})


@require_GET
@login_required
def program_detail(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id)
    programs = selectors.visible_programs(viewer).filter(pk=program.pk)
    summary = selectors.program_summaries(viewer, programs, timezone.localdate())[0]
    can_see_people = viewer.is_site_admin or viewer.has_program_role(program.pk, Role.LEAD)
    return render(
        request,
        "programs/program_detail.html",
        {"summary": summary, "can_see_people": can_see_people},
    )


@require_GET
@login_required
def cohort_detail(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    # Names of participants are for the people running the program, not its audience.
    cohort = get_cohort_for_lead(viewer, cohort_id)
    health = selectors.cohort_health([cohort], timezone.localdate())[cohort.pk]
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "health": health,
            "pairs": selectors.pairs_of_cohort(cohort),
            "participants": selectors.participants_of_cohort(cohort),
        },
    )


@require_GET
@login_required
def pair_detail(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    today = timezone.localdate()
    return render(
        request,
        "programs/pair_detail.html",
        {
            "pair": pair,
            "is_member": pair.pk in viewer.pair_ids,
            "viewer_is_mentor": pair.pk in viewer.mentor_pair_ids,
            "cohort_phase": pair.cohort.phase(today),
            "elapsed_percent": round(100 * pair.cohort.elapsed_share(today)),
        },
    )
