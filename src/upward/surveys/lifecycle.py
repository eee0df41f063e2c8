"""When a cohort begins closing, its close survey opens at once (the dates were a plan; the
lead's decision is the fact), so members answer while their pair is still open."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from upward.programs.models import Cohort
from upward.surveys.models import Wave
from upward.surveys.services import create_plan, open_wave

ANSWER_DAYS = 14


def open_close_wave(sender: type, *, cohort: Cohort, state: str, **kwargs: Any) -> None:
    if state != Cohort.State.CLOSING:
        return
    create_plan(cohort)  # a cohort started without a plan gets one now
    wave = cohort.waves.filter(kind=Wave.Kind.CLOSE, state=Wave.State.SCHEDULED).first()
    if wave is None:
        return
    today = timezone.localdate()
    wave.opens_on = min(wave.opens_on, today)
    wave.closes_on = max(wave.closes_on, today + timedelta(days=ANSWER_DAYS))
    wave.save(update_fields=["opens_on", "closes_on"])
    open_wave(wave)
