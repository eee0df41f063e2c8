from django.db.models import Prefetch, QuerySet

from upward.competencies.models import Competency, CompetencyLevel, SkillRating
from upward.people.models import Employee


def framework() -> QuerySet[Competency]:
    return Competency.objects.prefetch_related(
        Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level"))
    ).order_by("category", "area", "name")


def latest_ratings(employee: Employee) -> list[SkillRating]:
    """A person's own and manager ratings. Their partner's rating of them is confidential: it
    feeds cohort results and never reaches the person rated."""
    return list(
        SkillRating.objects.filter(employee=employee)
        .exclude(rater_kind=SkillRating.RaterKind.PARTNER)
        .select_related("competency")
        .order_by("competency__name", "-rated_on")
    )
