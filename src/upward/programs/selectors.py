"""Reads for program pages. Each selector runs a fixed number of queries, whatever the data size
(pinned in tests)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When

from upward.core.viewer import Viewer
from upward.programs.models import Cohort, Pair, Participant, Program

MATCHED = "matched"  # shown for an active pair whose start date is still ahead


@dataclass(frozen=True)
class CohortHealth:
    cohort: Cohort
    phase: str
    elapsed_percent: int
    mentors: int
    mentees: int
    pairs_by_state: dict[str, int] = field(default_factory=dict)

    @property
    def pairs_open(self) -> int:
        open_states = (*Pair.OPEN_STATES, MATCHED)
        return sum(self.pairs_by_state.get(state, 0) for state in open_states)

    @property
    def pairs_total(self) -> int:
        """Every pair that was formed, dissolved ones apart: they never worked together."""
        return sum(n for state, n in self.pairs_by_state.items() if state != Pair.State.DISSOLVED)

    @property
    def pairs_dissolved(self) -> int:
        return self.pairs_by_state.get(Pair.State.DISSOLVED, 0)

    @property
    def pairs_active(self) -> int:
        return self.pairs_by_state.get(Pair.State.ACTIVE, 0)

    @property
    def pairs_paused(self) -> int:
        return self.pairs_by_state.get(Pair.State.PAUSED, 0)

    @property
    def pairs_matched(self) -> int:
        """Published, starting when their cohort does."""
        return self.pairs_by_state.get(MATCHED, 0)


@dataclass(frozen=True)
class ProgramSummary:
    program: Program
    roles: frozenset[str]
    cohorts: list[CohortHealth]

    @property
    def pairs_active(self) -> int:
        return sum(health.pairs_active for health in self.cohorts)

    @property
    def pairs_total(self) -> int:
        return sum(health.pairs_total for health in self.cohorts)

    @property
    def running_cohorts(self) -> int:
        return sum(1 for health in self.cohorts if health.phase == "running")


def visible_programs(viewer: Viewer, *roles: str) -> QuerySet[Program]:
    programs = Program.objects.all()
    if viewer.is_site_admin and not roles:
        return programs
    return programs.filter(pk__in=viewer.programs_with(*roles) if roles else viewer.program_roles)


def program_summaries(
    viewer: Viewer, programs: QuerySet[Program], today: date
) -> list[ProgramSummary]:
    """Programs with the health of each cohort: three queries in all."""
    program_list = list(programs)
    cohorts = list(Cohort.objects.filter(program__in=program_list).order_by("start_date"))
    health = cohort_health(cohorts, today)
    by_program: dict[int, list[CohortHealth]] = {}
    for cohort in cohorts:
        by_program.setdefault(cohort.program_id, []).append(health[cohort.pk])
    return [
        ProgramSummary(
            program=program,
            roles=viewer.program_roles.get(program.pk, frozenset()),
            cohorts=by_program.get(program.pk, []),
        )
        for program in program_list
    ]


def cohort_health(cohorts: list[Cohort], today: date) -> dict[int, CohortHealth]:
    ids = [cohort.pk for cohort in cohorts]
    people = Counter[tuple[int, str]]()
    rows = (
        Participant.objects.filter(cohort_id__in=ids)
        .exclude(state=Participant.State.WITHDRAWN)
        .values_list("cohort_id", "role")
        .annotate(n=Count("id"))
    )
    for cohort_id, role, n in rows:
        people[(cohort_id, role)] = n
    pair_states: dict[int, dict[str, int]] = {}
    # A pair published ahead of its cohort is matched, not yet active: it starts on its date.
    shown_state = Case(
        When(state=Pair.State.ACTIVE, started_on__gt=today, then=Value(MATCHED)),
        default=F("state"),
        output_field=CharField(),
    )
    pair_rows = (
        Pair.objects.filter(cohort_id__in=ids)
        .annotate(shown=shown_state)
        .values_list("cohort_id", "shown")
    )
    for cohort_id, state, n in pair_rows.annotate(n=Count("id")):
        pair_states.setdefault(cohort_id, {})[state] = n
    return {
        cohort.pk: CohortHealth(
            cohort=cohort,
            phase=cohort.state,  # the lead moves a cohort on; its dates are the plan
            elapsed_percent=round(100 * cohort.elapsed_share(today)),
            mentors=people[(cohort.pk, Participant.Role.MENTOR)],
            mentees=people[(cohort.pk, Participant.Role.MENTEE)],
            pairs_by_state=pair_states.get(cohort.pk, {}),
        )
        for cohort in cohorts
    }


def pairs_of_cohort(cohort: Cohort) -> QuerySet[Pair]:
    return cohort.pairs.select_related(
        "mentor__employee__department", "mentee__employee__department"
    ).order_by("state", "mentee__employee__last_name")


def participants_of_cohort(cohort: Cohort) -> QuerySet[Participant]:
    return cohort.participants.select_related("employee__department").order_by(
        "role", "employee__last_name"
    )


def pairs_of_viewer(viewer: Viewer) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(pk__in=viewer.pair_ids)
        .select_related(
            "cohort__program", "mentor__employee__department", "mentee__employee__department"
        )
        .order_by("-cohort__start_date")
    )
