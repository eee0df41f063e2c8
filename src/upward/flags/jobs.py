from django.utils import timezone

from upward.flags import services
from upward.notifications.scheduler import job


@job("flags")
def detect_flags() -> str:
    return f"{services.detect(timezone.localdate())} raised"


@job("routine_check_ins")
def check_ins() -> str:
    return f"{services.routine_check_ins(timezone.localdate())} requested"
