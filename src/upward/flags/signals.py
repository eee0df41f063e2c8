"""A flag closes itself as soon as the write that removes its cause commits.

Sessions, goal progress, checkpoints and pair states are written by other apps; rather than each
of them calling into flags, these receivers re-check the pair's (or program's) open flags right
after the write commits. The re-check runs after the commit and is robust: it adds nothing to the
writer's transaction, and a failure here never undoes the write (the detection job re-checks
every open flag again anyway, and catches bulk updates that send no signal).
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from upward.governance.models import Checkpoint
from upward.programs.lifecycle import cohort_moved
from upward.programs.models import Cohort, Pair
from upward.surveys.models import Wave
from upward.surveys.services import wave_closed
from upward.workspace.models import Goal, GoalUpdate, Session


def _after_commit_recheck_pair(pair_id: int | None) -> None:
    if pair_id is None:
        return

    def recheck() -> None:
        from upward.flags.services import recheck_pair

        with transaction.atomic():
            recheck_pair(pair_id, timezone.localdate())

    transaction.on_commit(recheck, robust=True)


def _after_commit_recheck_checkpoints(program_id: int) -> None:
    def recheck() -> None:
        from upward.flags.services import recheck_checkpoints

        with transaction.atomic():
            recheck_checkpoints(program_id, timezone.localdate())

    transaction.on_commit(recheck, robust=True)


def _session_saved(sender: type, instance: Session, **kwargs: Any) -> None:
    if instance.status in (Session.Status.HELD, Session.Status.PLANNED):
        _after_commit_recheck_pair(instance.pair_id)


def _goal_saved(sender: type, instance: Goal, **kwargs: Any) -> None:
    _after_commit_recheck_pair(instance.pair_id)


def _goal_update_saved(sender: type, instance: GoalUpdate, **kwargs: Any) -> None:
    goal_id = instance.goal_id

    def recheck() -> None:
        from upward.flags.services import recheck_pair

        pair_id = Goal.objects.filter(pk=goal_id).values_list("pair_id", flat=True).first()
        if pair_id is not None:
            with transaction.atomic():
                recheck_pair(pair_id, timezone.localdate())

    transaction.on_commit(recheck, robust=True)


def _pair_saved(sender: type, instance: Pair, **kwargs: Any) -> None:
    if instance.state in (Pair.State.CLOSED, Pair.State.DISSOLVED):
        _after_commit_recheck_pair(instance.pk)


def _checkpoint_changed(sender: type, instance: Checkpoint, **kwargs: Any) -> None:
    _after_commit_recheck_checkpoints(instance.program_id)


def _cohort_moved(sender: type, *, cohort: Cohort, state: str, **kwargs: Any) -> None:
    # Closing a cohort closes its pairs in one UPDATE, which sends no post_save.
    if state != Cohort.State.CLOSED:
        return
    cohort_id = cohort.pk

    def recheck() -> None:
        from upward.flags.models import Flag
        from upward.flags.services import recheck_pair

        today = timezone.localdate()
        pairs = Flag.objects.filter(
            pair__cohort_id=cohort_id, state=Flag.State.OPEN, pair__isnull=False
        ).order_by()
        for pair_id in pairs.values_list("pair_id", flat=True).distinct():
            with transaction.atomic():
                recheck_pair(pair_id, today)

    transaction.on_commit(recheck, robust=True)


post_save.connect(_session_saved, sender=Session, dispatch_uid="flags-recheck-session")
post_save.connect(_goal_saved, sender=Goal, dispatch_uid="flags-recheck-goal")
post_delete.connect(_goal_saved, sender=Goal, dispatch_uid="flags-recheck-goal-gone")
post_save.connect(_goal_update_saved, sender=GoalUpdate, dispatch_uid="flags-recheck-progress")
post_save.connect(_pair_saved, sender=Pair, dispatch_uid="flags-recheck-pair")
post_save.connect(_checkpoint_changed, sender=Checkpoint, dispatch_uid="flags-recheck-checkpoint")
post_delete.connect(
    _checkpoint_changed, sender=Checkpoint, dispatch_uid="flags-recheck-checkpoint-gone"
)
cohort_moved.connect(_cohort_moved, dispatch_uid="flags-recheck-cohort-moved")


@receiver(wave_closed)
def _wave_closed(sender: type, *, wave: Wave, **kwargs: Any) -> None:
    # Inside the closing transaction: a low response rate is flagged with the close, or neither.
    from upward.flags.services import check_response_rate

    check_response_rate(wave)
