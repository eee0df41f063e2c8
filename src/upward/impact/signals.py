"""When a cohort's inputs change, its results go stale and a refresh is queued (once).

The services that write the inputs say which cohorts they touched through
`programs.signals.impact_inputs_changed`, in the writing transaction; bulk writes included.
Nothing here hangs on `post_save`. HRIS imports move every cohort's controls (and people sit
below programs, so they cannot send it): the nightly refresh catches those instead.
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction

from upward.impact.services import mark_stale
from upward.programs.models import Cohort
from upward.programs.signals import impact_inputs_changed


def inputs_changed(sender: object, *, cohort_ids: Iterable[int], **kwargs: Any) -> None:
    stale = [pk for pk in sorted(cohort_ids) if mark_stale(pk)]
    if not stale:
        return
    programs = set(Cohort.objects.filter(pk__in=stale).values_list("program_id", flat=True))
    from upward.impact.tasks import refresh_program

    for program_id in sorted(programs):
        transaction.on_commit(partial(refresh_program.enqueue, program_id))


def connect() -> None:
    impact_inputs_changed.connect(inputs_changed, dispatch_uid="impact-stale-inputs-changed")
