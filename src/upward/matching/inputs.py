"""Loading a round's people from the database into the engine's arrays (a fixed number of
queries, whatever the cohort size)."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from django.db.models import Q
from django.utils import timezone

from upward.competencies.models import Competency, SkillRating
from upward.domain.matching.model import Rules, Side, Weights
from upward.matching.models import WEEKLY_SLOTS, MatchProfile, MatchRound
from upward.people.models import DiversityProfile, Employee
from upward.programs.models import Pair, Participant

TOPICS = (
    "AI tools",
    "Social media",
    "Short-form video",
    "Customer insight",
    "Culture and inclusion",
    "Process improvement",
    "Data and analytics",
    "Career growth",
    "Remote and hybrid work",
    "Personal brand",
)
MAX_CHAIN = 10
PRIORITY_GENDERS = {"woman", "non_binary", "self_described"}


@dataclass(frozen=True)
class RoundInputs:
    mentees: Side
    mentors: Side
    mentee_rows: list[Participant]
    mentor_rows: list[Participant]
    competencies: tuple[str, ...]
    current_pairs: list[Pair]  # open pairs in the cohort (reshuffle rounds)


def weights_of(match_round: MatchRound) -> Weights:
    return Weights(**match_round.weights) if match_round.weights else Weights()


def rules_of(match_round: MatchRound, exclusions: frozenset[tuple[str, str]]) -> Rules:
    return Rules(**{**match_round.rules, "exclusions": exclusions})


# Only people who said yes and finished their intake are matched: an invitation unanswered, a
# "no", or an intake left half-way keeps a person out of every round.
TAKING_PART = Q(
    state=Participant.State.ACTIVE, consent_at__isnull=False, intake_completed_at__isnull=False
)


def eligible_participants(match_round: MatchRound) -> list[Participant]:
    people = (
        Participant.objects.filter(TAKING_PART, cohort=match_round.cohort)
        .exclude(employee__status=Employee.StatusChoices.EXITED)
        .select_related("employee__department", "match_profile")
        .prefetch_related("match_profile__wants")
        .order_by("role", "employee__last_name", "pk")
    )
    if match_round.kind == MatchRound.Kind.INITIAL:
        paired = Q(pairs_as_mentor__state__in=Pair.OPEN_STATES) | Q(
            pairs_as_mentee__state__in=Pair.OPEN_STATES
        )
        people = people.exclude(paired)
    return list(people.distinct())


def load_inputs(match_round: MatchRound) -> RoundInputs:
    people = eligible_participants(match_round)
    competencies = list(Competency.objects.order_by("name").values_list("pk", "name"))
    column = {pk: index for index, (pk, _) in enumerate(competencies)}
    employees = [p.employee_id for p in people]
    skills = skill_levels(employees, column)
    priority_group = priority_group_members(employees)
    chains = manager_chains(employees)
    now = timezone.now()

    def side(role: str) -> tuple[Side, list[Participant]]:
        rows = [p for p in people if p.role == role]
        return build_side(rows, skills, priority_group, chains, column, now), rows

    mentees, mentee_rows = side(Participant.Role.MENTEE)
    mentors, mentor_rows = side(Participant.Role.MENTOR)
    current = list(
        Pair.objects.filter(cohort=match_round.cohort, state__in=Pair.OPEN_STATES).select_related(
            "mentor", "mentee"
        )
    )
    return RoundInputs(
        mentees, mentors, mentee_rows, mentor_rows, tuple(name for _, name in competencies), current
    )


def build_side(
    rows: list[Participant],
    skills: dict[int, dict[int, int]],
    priority_group: set[int],
    chains: dict[int, tuple[str, ...]],
    column: dict[int, int],
    now: datetime,
) -> Side:
    n, c = len(rows), len(column)
    skill = np.zeros((n, c))
    wants = np.zeros((n, c))
    interests = np.zeros((n, len(TOPICS)), dtype=bool)
    slots = np.zeros((n, len(WEEKLY_SLOTS)), dtype=bool)
    slot_index = {code: i for i, (code, _) in enumerate(WEEKLY_SLOTS)}
    topic_index = {topic: i for i, topic in enumerate(TOPICS)}
    capacity, priority = np.ones(n, dtype=int), np.zeros(n)
    for r, participant in enumerate(rows):
        for competency_id, level in skills.get(participant.employee_id, {}).items():
            skill[r, column[competency_id]] = level
        profile = _profile(participant)
        if profile is None:
            continue
        for competency in profile.wants.all():
            wants[r, column[competency.pk]] = 1
        interests[r, [topic_index[t] for t in profile.interests if t in topic_index]] = True
        slots[r, [slot_index[s] for s in profile.slots if s in slot_index]] = True
        capacity[r], priority[r] = profile.capacity, float(profile.priority)
    return Side(
        keys=tuple(str(p.public_id) for p in rows),
        person_ids=tuple(str(p.employee_id) for p in rows),
        levels=np.array(
            [p.employee.level if p.employee.level is not None else np.nan for p in rows],
            dtype=float,
        ),
        departments=tuple(str(p.employee.department_id or "") for p in rows),
        utc_offsets=np.array([_utc_offset(p.employee.time_zone, now) for p in rows]),
        skills=skill,
        wants=wants,
        interests=interests,
        slots=slots,
        underrepresented=np.array([p.employee_id in priority_group for p in rows], dtype=bool),
        ancestors=tuple(chains.get(p.employee_id, ()) for p in rows),
        capacity=capacity,
        priority=priority,
    )


def _profile(participant: Participant) -> MatchProfile | None:
    try:
        return participant.match_profile
    except MatchProfile.DoesNotExist:
        return None


def _utc_offset(zone: str, now: datetime) -> float:
    try:
        offset = now.astimezone(ZoneInfo(zone or "UTC")).utcoffset()
    except ZoneInfoNotFoundError:
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def skill_levels(employees: list[int], column: dict[int, int]) -> dict[int, dict[int, int]]:
    """Each person's latest self-rating per competency."""
    levels: dict[int, dict[int, int]] = {}
    ratings = (
        SkillRating.objects.filter(employee_id__in=employees, rater_kind=SkillRating.RaterKind.SELF)
        .order_by("rated_on", "pk")
        .values_list("employee_id", "competency_id", "level")
    )
    for employee, competency, level in ratings:
        if competency in column:
            levels.setdefault(employee, {})[competency] = level
    return levels


def priority_group_members(employees: list[int]) -> set[int]:
    """People whose own declarations put them in a priority group. Used inside the engine
    only; never shown per person."""
    yes = DiversityProfile.Answer.YES
    return set(
        DiversityProfile.objects.filter(employee_id__in=employees)
        .filter(
            Q(gender__in=PRIORITY_GENDERS)
            | Q(ethnic_minority=yes)
            | Q(disability=yes)
            | Q(lgbtq=yes)
            | Q(first_generation=yes)
        )
        .values_list("employee_id", flat=True)
    )


def manager_chains(employees: list[int]) -> dict[int, tuple[str, ...]]:
    manager_of = dict(Employee.objects.values_list("pk", "manager_id"))
    chains = {}
    for employee in employees:
        chain: list[str] = []
        boss = manager_of.get(employee)
        while boss and len(chain) < MAX_CHAIN and str(boss) not in chain:
            chain.append(str(boss))
            boss = manager_of.get(boss)
        chains[employee] = tuple(chain)
    return chains
