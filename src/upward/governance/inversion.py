"""Reads for the inversion matrix page."""

from dataclasses import dataclass

from django.db.models import QuerySet

from upward.competencies.models import SkillRating
from upward.domain.inversion import STRONG, Cell, inversion_matrix
from upward.domain.readiness import JUNIOR_MAX_LEVEL
from upward.governance.selectors import LEADER_MIN_LEVEL
from upward.people.models import Employee


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
