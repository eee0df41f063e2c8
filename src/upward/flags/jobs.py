from django.utils import timezone

from upward.flags import services
from upward.notifications.scheduler import job


@job("flags")
def detect_flags() -> str:
    """Close the flags whose cause went away, then raise new ones."""
    today = timezone.localdate()
    closed = services.close_resolved(today)
    return f"{services.detect(today)} raised, {closed} closed"


@job("routine_check_ins")
def check_ins() -> str:
    return f"{services.routine_check_ins(timezone.localdate())} requested"
