from datetime import timedelta

from django.utils import timezone

from upward.flags import services
from upward.notifications.scheduler import job


@job("flags", every=timedelta(hours=1))
def detect_flags() -> str:
    """Close the flags whose cause went away, then raise new ones."""
    today = timezone.localdate()
    closed = services.close_resolved(today)
    return f"{services.detect(today)} raised, {closed} closed"


@job("pulse_flags", daily=True)
def pulse_flags() -> str:
    """Once a day (the first scheduler pass after 06:00 UTC), never as answers arrive."""
    return f"{services.check_pulses()} raised"


@job("routine_check_ins", daily=True)
def check_ins() -> str:
    return f"{services.routine_check_ins(timezone.localdate())} requested"
