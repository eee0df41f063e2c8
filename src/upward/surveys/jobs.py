from datetime import timedelta

from django.utils import timezone

from upward.notifications.scheduler import job
from upward.surveys import services
from upward.surveys.models import Wave


@job("survey_waves", every=timedelta(hours=1))
def move_waves() -> str:
    """Open the waves whose day has come and close the ones past their end."""
    today = timezone.localdate()
    opened = closed = 0
    for wave in Wave.objects.filter(
        state=Wave.State.SCHEDULED, opens_on__lte=today, closes_on__gte=today
    ):
        services.open_wave(wave)
        opened += 1
    for wave in Wave.objects.filter(state=Wave.State.OPEN, closes_on__lt=today):
        services.close_wave(wave)
        closed += 1
    return f"{opened} opened, {closed} closed"


@job("survey_reminders", every=timedelta(hours=1))
def remind() -> str:
    today = timezone.localdate()
    sent = sum(services.remind(wave, today) for wave in Wave.objects.filter(state=Wave.State.OPEN))
    return f"{sent} reminders queued"
