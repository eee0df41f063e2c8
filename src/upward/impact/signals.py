"""When a cohort's data changes, its results go stale and a refresh is queued (once).

Pair-level writes (sessions, answers, ratings, goal updates, pair states) name their cohort.
HRIS changes touch every cohort's controls; those are caught by the nightly refresh instead.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from upward.competencies.models import SkillRating
from upward.impact.services import mark_stale
from upward.matching.services import pairs_published
from upward.programs.lifecycle import cohort_moved
from upward.programs.models import Cohort, Pair
from upward.surveys.models import Response
from upward.workspace.models import GoalUpdate, Session


def _cohort_of(instance: Any) -> int | None:
    if isinstance(instance, Pair):
        return instance.cohort_id
    if isinstance(instance, Session):
        return Pair.objects.filter(pk=instance.pair_id).values_list("cohort_id", flat=True).first()
    if isinstance(instance, Response):
        return instance.wave.cohort_id
    if isinstance(instance, SkillRating):
        return instance.cohort_id
    if isinstance(instance, GoalUpdate):
        return instance.goal.pair.cohort_id
    return None


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    cohort_id = _cohort_of(instance)
    if cohort_id is not None:
        _stale(cohort_id)


def _stale(cohort_id: int) -> None:
    if not mark_stale(cohort_id):
        return
    program_id = Cohort.objects.filter(pk=cohort_id).values_list("program_id", flat=True).first()
    if program_id is not None:
        from upward.impact.tasks import refresh_program

        transaction.on_commit(lambda: refresh_program.enqueue(program_id))


def _cohort_moved(sender: type, *, cohort: Cohort, **kwargs: Any) -> None:
    # Closing a cohort closes its pairs in one UPDATE, which sends no post_save.
    _stale(cohort.pk)


def _pairs_published(sender: type, *, cohort: Cohort, **kwargs: Any) -> None:
    # Publishing creates pairs in bulk, which sends no post_save.
    _stale(cohort.pk)


cohort_moved.connect(_cohort_moved, dispatch_uid="impact-stale-cohort-moved")
pairs_published.connect(_pairs_published, dispatch_uid="impact-stale-pairs-published")
for model in (Pair, Session, Response, SkillRating, GoalUpdate):
    post_save.connect(_changed, sender=model, dispatch_uid=f"impact-stale-{model.__name__}")
