from django.tasks import task

from upward.impact import services
from upward.programs.models import Program


@task()
def refresh_program(program_id: int) -> float:
    """Recompute the stale cohorts of a program and its pooled view; returns the seconds taken."""
    import time

    started = time.perf_counter()
    program = Program.objects.filter(pk=program_id).first()
    if program is not None:
        services.refresh_program(program, only_stale=True)
    return time.perf_counter() - started
