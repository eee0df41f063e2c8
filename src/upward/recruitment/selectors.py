from datetime import date, timedelta
from typing import TypedDict

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from upward.accounts.models import User
from upward.competencies.models import Competency, SkillRating
from upward.domain.inversion import STRONG
from upward.people.models import Department, Employee
from upward.programs.models import Cohort, Participant


def pending_invitations(user: User) -> QuerySet[Participant]:
    """Invitations the person has not answered, or intakes they have not finished."""
    return (
        Participant.objects.filter(employee__account=user)
        .filter(
            Q(state=Participant.State.INVITED)
            | Q(consent_at__isnull=False, intake_completed_at__isnull=True)
        )
        .select_related("cohort__program")
    )


# A place in a running cohort: invited and not yet answered, or taking part.
HOLDING_STATES = (Participant.State.INVITED, Participant.State.ACTIVE)


class CandidateQuery(TypedDict):
    """The lead's filters on the candidate list, as `candidates` takes them."""

    role: str
    level_min: int | None
    level_max: int | None
    department: Department | None
    min_tenure_years: float | None
    search: str
    strong_in: Competency | None


def candidates(
    cohort: Cohort,
    *,
    role: str,
    level_min: int | None = None,
    level_max: int | None = None,
    department: Department | None = None,
    min_tenure_years: float | None = None,
    search: str = "",
    strong_in: Competency | None = None,
    today: date,
) -> QuerySet[Employee]:
    """Active people not yet in this cohort who match the lead's filters, in a stable order.

    Each person carries `running_places`: their places in running cohorts of any program
    (fetched in one more query for a whole page).
    """
    people = (
        Employee.objects.filter(status=Employee.StatusChoices.ACTIVE)
        .exclude(participations__cohort=cohort)
        .select_related("department")
    )
    if level_min is not None:
        people = people.filter(level__gte=level_min)
    if level_max is not None:
        people = people.filter(level__lte=level_max)
    if department is not None:
        people = people.filter(department=department)
    if min_tenure_years:
        people = people.filter(hire_date__lte=today - timedelta(days=365.25 * min_tenure_years))
    for word in search.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(email__icontains=word)
        )
    if strong_in is not None:
        people = people.filter(
            Exists(
                SkillRating.objects.filter(
                    employee=OuterRef("pk"),
                    rater_kind="self",
                    competency=strong_in,
                    level__gte=STRONG,
                )
            )
        )
    places = Participant.objects.filter(
        cohort__state=Cohort.State.RUNNING, state__in=HOLDING_STATES
    ).select_related("cohort__program")
    seniority = "level" if role == Participant.Role.MENTOR else "-level"
    return people.prefetch_related(
        Prefetch("participations", queryset=places, to_attr="running_places")
    ).order_by(seniority, "last_name", "first_name", "pk")
