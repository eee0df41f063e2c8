"""Writes for the competency framework."""

from django.db import transaction

from upward.competencies.models import Competency, CompetencyLevel
from upward.domain.competency_framework import STARTER_FRAMEWORK


@transaction.atomic
def load_starter_framework() -> int:
    """Load the framework Upward ships. Idempotent: a competency already there (by name) is
    left as the organisation edited it. Returns how many competencies were added."""
    existing = set(Competency.objects.values_list("name", flat=True))
    added = 0
    for spec in STARTER_FRAMEWORK:
        if spec.name in existing:
            continue
        competency = Competency.objects.create(
            name=spec.name, category=spec.category, area=spec.area, description=spec.description
        )
        CompetencyLevel.objects.bulk_create(
            [
                CompetencyLevel(competency=competency, level=level, anchor=anchor)
                for level, anchor in spec.anchors()
            ]
        )
        added += 1
    return added
