"""The cohort page and the pair page: both show what pairs do (goals, sessions, closing
decisions), which this app owns; programs owns the programs and cohorts they sit in."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upward.core.viewer import Viewer, get_viewer
from upward.programs import selectors as program_selectors
from upward.programs.access import get_cohort_for_lead, get_pair_for_user
from upward.programs.models import Pair
from upward.workspace.forms import ProgressForm
from upward.workspace.selectors import goal_view, pair_rows_of_cohort, rules_status


@require_GET
@login_required
def cohort_detail(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    # Names of participants are for the people running the program, not its audience.
    cohort = get_cohort_for_lead(viewer, cohort_id)
    health = program_selectors.cohort_health([cohort], timezone.localdate())[cohort.pk]
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "health": health,
            "pairs": pair_rows_of_cohort(cohort),
            "participants": program_selectors.participants_of_cohort(cohort),
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
            "today": today,
            "now": timezone.now(),  # a session is logged once it has started
            "is_member": pair.pk in viewer.pair_ids,
            # An ended pair's page is its record: nothing more to plan or record.
            "pair_open": pair.state in Pair.OPEN_STATES,
            "viewer_is_mentor": pair.pk in viewer.mentor_pair_ids,
            "cohort_phase": pair.cohort.get_state_display().lower(),
            "elapsed_percent": round(100 * pair.cohort.elapsed_share(today)),
            "rules": rules_status(pair),
            "goal_view": goal_view(pair, today),
            "progress_form": ProgressForm(initial={"noted_on": today}),
            "sessions": list(pair.sessions.prefetch_related("tags")),
            "zone": _viewer_zone(viewer),
            # The same banner whether the check-in is routine or prompted by a flag.
            "check_in": pair.check_ins.filter(held_on__isnull=True).only("requested_on").first(),
        },
    )


def _viewer_zone(viewer: Viewer) -> str:
    employee = getattr(viewer.user, "employee", None)
    return getattr(employee, "time_zone", "") or "UTC"
