"""Reads for the inversion matrix page."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from upward.competencies.models import Competency, SkillRating
from upward.domain.inversion import STRONG, Cell, inversion_matrix
from upward.domain.readiness import JUNIOR_MAX_LEVEL
from upward.governance.selectors import LEADER_MIN_LEVEL
from upward.people.models import Department, Employee
from upward.programs.models import Cohort, Participant


def _latest_self_ratings(**employee_filter: object) -> dict[tuple[int, str], tuple[str, int]]:
    rows = (
        SkillRating.objects.filter(
            rater_kind="self",
            employee__status="active",
            **{f"employee__{k}": v for k, v in employee_filter.items()},
        )
        .order_by("rated_on", "pk")
        .values_list("employee_id", "employee__department__name", "competency__name", "level")
    )
    latest: dict[tuple[int, str], tuple[str, int]] = {}
    for employee, department, competency, level in rows:
        latest[(employee, competency)] = (department or "No department", level)
    return latest


@dataclass(frozen=True)
class Matrix:
    competencies: list[str]
    departments: list[str]
    cells: dict[tuple[str, str], Cell]

    def rows(self) -> list[tuple[str, list[Cell | None]]]:
        return [(c, [self.cells.get((c, d)) for d in self.departments]) for c in self.competencies]


def matrix() -> Matrix:
    juniors = _latest_self_ratings(level__lte=JUNIOR_MAX_LEVEL)
    seniors = _latest_self_ratings(level__gte=LEADER_MIN_LEVEL)
    cells = inversion_matrix(
        [(dept, comp, level) for (_, comp), (dept, level) in juniors.items()],
        [(comp, level) for (_, comp), (_, level) in seniors.items()],
    )
    by_key = {(cell.competency, cell.department): cell for cell in cells}
    return Matrix(
        competencies=sorted({c.competency for c in cells}),
        departments=sorted({c.department for c in cells}),
        cells=by_key,
    )


def candidate_mentors(competency: str, department: str) -> QuerySet[Employee]:
    """Juniors in a department who rate themselves strong in a competency (lead only)."""
    return (
        Employee.objects.filter(
            status="active",
            level__lte=JUNIOR_MAX_LEVEL,
            department__name=department,
            skill_ratings__rater_kind="self",
            skill_ratings__competency__name=competency,
            skill_ratings__level__gte=STRONG,
        )
        .select_related("department")
        .distinct()
        .order_by("last_name")
    )


@dataclass(frozen=True)
class InviteLink:
    cohort: Cohort
    url: str


def invite_links(*, competency: str, department: str, lead_of: set[int] | None) -> list[InviteLink]:
    """Links to the recruitment page of each cohort open to recruits, filtered to a cell's
    possible mentors: juniors in the department who rate themselves strong in the skill.

    lead_of is the programs the viewer leads, or None for a site admin (every program). A cell
    for people with no department has no link: the candidate filters cannot pick them out.
    """
    skill = Competency.objects.filter(name=competency).values_list("public_id", flat=True).first()
    dept = Department.objects.filter(name=department).values_list("public_id", flat=True).first()
    if skill is None or dept is None:
        return []
    cohorts = Cohort.objects.filter(
        state__in=[Cohort.State.UPCOMING, Cohort.State.RUNNING]
    ).select_related("program")
    if lead_of is not None:
        cohorts = cohorts.filter(program_id__in=lead_of)
    query = urlencode(
        {
            "role": Participant.Role.MENTOR,
            "level_max": JUNIOR_MAX_LEVEL,
            "department": dept,
            "strong_in": skill,
        }
    )
    return [
        InviteLink(cohort, f"{reverse('recruitment:recruit', args=[cohort.public_id])}?{query}")
        for cohort in cohorts.order_by("start_date", "name")
    ]
