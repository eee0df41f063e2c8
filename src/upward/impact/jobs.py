from datetime import timedelta

from django.utils import timezone

from upward.impact import services
from upward.impact.models import CohortResult
from upward.notifications.scheduler import job
from upward.programs.models import Program


@job("impact_nightly", every=timedelta(minutes=10))
def nightly() -> str:
    """Everything once a day (HRIS changes move every cohort's controls); stale work otherwise."""
    now = timezone.localtime()
    refreshed = 0
    for program in Program.objects.exclude(state=Program.State.DRAFT):
        result = getattr(program, "impact", None)
        due = result is None or result.computed_at is None or result.computed_at.date() < now.date()
        stale = CohortResult.objects.filter(cohort__program=program, stale=True).exists()
        if due or stale:  # otherwise nothing changed since the last run: leave it
            services.refresh_program(program, only_stale=not due)
            refreshed += 1
    return f"{refreshed} programs refreshed"
