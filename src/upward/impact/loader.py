"""Read one cohort's rows into a plain, typed dataset (domain/metrics/dataset.py).

A fixed number of queries whatever the cohort's size: pairs, goals, goal updates, sessions,
waves, their instruments, responses, ratings, safety flags and session topics. The sections are
then computed from the dataset (domain/metrics/sections.py) without going back to the database.
Answers are named by their ledger tokens here, where the key is.

Retention reads organisation rows besides (`load_retention`): the members as employees and the
control pool, each with their promotions, in one query each whatever the number of people; the
pool is shared by the cohorts of one refresh that ask for the same one.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Q

from upward.competencies.models import SkillRating
from upward.domain.metrics import matched
from upward.domain.metrics.dataset import (
    CohortData,
    CohortInfo,
    EmployeeRow,
    GoalRow,
    PairRow,
    RatingRow,
    ResponseRow,
    RetentionData,
    SessionRow,
    WaveRow,
)
from upward.domain.metrics.heatmap import Mention
from upward.domain.surveys.instruments import Instrument
from upward.flags.models import Flag
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant
from upward.surveys.models import Response, Wave, WaveInstrument
from upward.surveys.release import token
from upward.workspace.models import Goal, GoalUpdate, Session

SAFETY_REASONS = ("low_safety", "safety_drop")


def load_cohort(cohort: Cohort) -> CohortData:
    ratings = load_ratings(cohort)
    return CohortData(
        cohort=CohortInfo(
            cohort.pk, str(cohort.public_id), cohort.name, cohort.start_date, cohort.end_date
        ),
        pairs=_pairs(cohort),
        sessions=tuple(
            SessionRow(*row)
            for row in Session.objects.filter(pair__cohort=cohort).values_list(
                "pair_id", "status", "starts_at", "held_minutes"
            )
        ),
        waves=_waves(cohort),
        responses=_responses(cohort),
        ratings=ratings,
        safety_flagged_pairs=Flag.objects.filter(cohort=cohort, reason__in=SAFETY_REASONS)
        .values("pair")
        .distinct()
        .count(),
        mentions=tuple(mentions([cohort.pk])),
        employee_tokens=employee_tokens(ratings),
    )


def _goals(cohort: Cohort) -> dict[int, GoalRow]:
    """Each pair's goal, its current value its last update's (in the updates' own order)."""
    current: dict[int, float] = {}
    for goal_id, value in GoalUpdate.objects.filter(goal__pair__cohort=cohort).values_list(
        "goal_id", "value"
    ):
        current[goal_id] = value
    goals = Goal.objects.filter(pair__cohort=cohort).values_list(
        "pk", "pair_id", "baseline", "target", "deadline"
    )
    return {
        pair_id: GoalRow(baseline, target, deadline, current.get(pk, baseline))
        for pk, pair_id, baseline, target, deadline in goals
    }


def _pairs(cohort: Cohort) -> tuple[PairRow, ...]:
    goals = _goals(cohort)
    rows = cohort.pairs.exclude(state=Pair.State.PROPOSED).values_list(
        "pk", "state", "started_on", "ended_on", "mentor__employee_id", "mentee__employee_id"
    )
    return tuple(
        PairRow(pk, state, started, ended, mentor, mentee, goals.get(pk))
        for pk, state, started, ended, mentor, mentee in rows
    )


def _waves(cohort: Cohort) -> tuple[WaveRow, ...]:
    keys: dict[int, set[str]] = defaultdict(set)
    for wave_id, key in WaveInstrument.objects.filter(wave__cohort=cohort).values_list(
        "wave_id", "instrument__key"
    ):
        keys[wave_id].add(key)
    return tuple(
        WaveRow(pk, label, kind, state, opens_on, invited, answered, k, frozenset(keys[pk]))
        for pk, label, kind, state, opens_on, invited, answered, k in Wave.objects.filter(
            cohort=cohort
        ).values_list(
            "pk", "label", "kind", "state", "opens_on", "invited", "answered", "min_group_size"
        )
    )


def _responses(cohort: Cohort) -> tuple[ResponseRow, ...]:
    specs: dict[int, Instrument] = {}
    rows = []
    # In the order the database keeps them, as the sections always read them (their ids are
    # random: ordering by id would shuffle the bootstrap's input).
    for response in Response.objects.filter(wave__cohort=cohort).select_related("instrument"):
        instrument = response.instrument
        if instrument.pk not in specs:
            specs[instrument.pk] = instrument.spec
        rows.append(
            ResponseRow(
                token("response", response.pk),
                response.wave_id,
                instrument.key,
                specs[instrument.pk],
                response.participant_id,
                response.score,
                response.answers,
            )
        )
    return tuple(rows)


def load_ratings(cohort: Cohort) -> tuple[RatingRow, ...]:
    rows = SkillRating.objects.filter(cohort=cohort, phase__in=["baseline", "close"]).values_list(
        "pk", "employee_id", "competency_id", "competency__name", "rater_kind", "phase", "level"
    )
    return tuple(
        RatingRow(token("skill-rating", pk), employee, competency_id, name, kind, phase, level)
        for pk, employee, competency_id, name, kind, phase, level in rows
    )


def employee_tokens(ratings: tuple[RatingRow, ...]) -> dict[int, str]:
    return {pk: token("employee", pk) for pk in {r.employee_id for r in ratings}}


def mentions(cohort_ids: list[int]) -> list[Mention]:
    rows: Any = Session.tags.through.objects.filter(
        session__pair__cohort_id__in=cohort_ids
    ).values_list(
        "tag__name",
        "session__starts_at",
        "session__pair_id",
        "session__pair__mentee__employee__department__name",
    )
    return [
        Mention(tag, starts.date(), pair, department or "No department")
        for tag, starts, pair, department in rows
    ]


# What matching and the outcomes read of a person, their promotions joined in: one row per
# promotion (or one with none), consecutive when ordered by id.
EMPLOYEE_FIELDS = (
    "pk",
    "level",
    "hire_date",
    "exit_date",
    "exit_type",
    "department__name",
    "department__division",
    "promotions__effective_date",
)

Window = tuple[frozenset[int], date, date]
Pools = dict[Window, tuple[EmployeeRow, ...]]


def _grouped(rows: Iterable[tuple[Any, ...]]) -> Iterator[EmployeeRow]:
    """Fold the joined rows (ordered by id) into one EmployeeRow per person."""
    current: tuple[Any, ...] | None = None
    promotions: list[date] = []
    for row in rows:
        if current is not None and row[0] != current[0]:
            yield _employee(current, promotions)
            promotions = []
        current = row
        if row[-1] is not None:
            promotions.append(row[-1])
    if current is not None:
        yield _employee(current, promotions)


def _employee(row: tuple[Any, ...], promotions: list[date]) -> EmployeeRow:
    pk, level, hired, left, exit_type, department, division, _ = row
    return EmployeeRow(
        pk, level, hired, left, exit_type or "", department, division or "", tuple(promotions)
    )


def employees(ids: Iterable[int]) -> dict[int, EmployeeRow]:
    """These people with their promotions (one query)."""
    rows = Employee.objects.filter(pk__in=set(ids)).values_list(*EMPLOYEE_FIELDS).order_by("pk")
    return {row.id: row for row in _grouped(rows)}


def control_pool(levels: frozenset[int], first: date, last: date) -> tuple[EmployeeRow, ...]:
    """Everyone who never took part, at these levels, employed at some point between the first
    and last index date, with their promotions (one query; plain rows: this can be tens of
    thousands)."""
    ever = Participant.objects.values("employee_id")
    rows = (
        Employee.objects.exclude(pk__in=ever)
        .filter(level__in=levels, hire_date__lte=last)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=first))
        .values_list(*EMPLOYEE_FIELDS)
        # A fixed order: which control matches whom must not depend on the database's whim
        # (SQLite and PostgreSQL returned these rows in different orders and matched others).
        .order_by("pk")
    )
    return tuple(_grouped(rows.iterator(chunk_size=10_000)))


def load_retention(data: CohortData, pools: Pools | None = None) -> RetentionData:
    """The cohort's members as employees and one control pool for both sides (two queries, none
    without members; the pool is taken from `pools` when a cohort before asked for the same)."""
    sides = matched.participants_by_side(data)
    people = employees(pk for side in sides.values() for pk in side)
    window = matched.pool_window(sides, people)
    if window is None:
        return RetentionData(sides, people, ())
    pools = {} if pools is None else pools
    if window not in pools:
        pools[window] = control_pool(*window)
    return RetentionData(sides, people, pools[window])
