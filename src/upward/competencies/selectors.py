from django.db.models import Prefetch, QuerySet

from upward.competencies.models import Competency, CompetencyLevel, SkillRating
from upward.people.models import Employee


def framework() -> QuerySet[Competency]:
    return Competency.objects.prefetch_related(
        Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level"))
    ).order_by("category", "area", "name")


def latest_ratings(employee: Employee) -> list[SkillRating]:
    return list(
        SkillRating.objects.filter(employee=employee)
        .select_related("competency")
        .order_by("competency__name", "-rated_on")
    )
