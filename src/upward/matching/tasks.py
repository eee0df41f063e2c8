"""Match rounds run in the task queue: a large cohort takes seconds, not a request's time."""

from django.tasks import task

from upward.matching import services
from upward.matching.models import MatchRound


@task()
def run_round(round_public_id: str) -> None:
    services.round_run(MatchRound.objects.get(public_id=round_public_id))
