"""The feedback loop's inputs: how past pairs turned out, and what the matching terms said
about them. The refinement itself is pure (domain.matching.feedback)."""

from collections import defaultdict

import numpy as np
from django.utils import timezone

from upward.competencies.models import Competency, SkillRating
from upward.domain.matching.feedback import Refinement, refine_weights
from upward.domain.matching.model import Weights
from upward.domain.matching.scoring import score_terms
from upward.matching.inputs import build_side, manager_chains, priority_group_members, skill_levels
from upward.programs.models import Cohort, Pair

GAIN_FOR_FULL_MARKS = 2.0  # two levels of partner-rated growth counts as a full outcome


def past_outcomes(cohort: Cohort) -> tuple[list[Pair], np.ndarray]:
    """Closed pairs of the program with a measured outcome in [0, 1]: the mean partner-rated
    skill gain of the mentee from baseline to close."""
    pairs = list(
        Pair.objects.filter(cohort__program=cohort.program, state=Pair.State.CLOSED)
        .select_related(
            "mentee__employee", "mentor__employee", "mentee__match_profile", "mentor__match_profile"
        )
        .order_by("pk")
    )
    ratings: dict[tuple[int, int], dict[int, dict[str, int]]] = defaultdict(dict)
    rows = SkillRating.objects.filter(
        rater_kind=SkillRating.RaterKind.PARTNER,
        cohort__program=cohort.program,
        employee_id__in=[p.mentee.employee_id for p in pairs],
    ).values_list("employee_id", "cohort_id", "competency_id", "phase", "level")
    for employee, cohort_id, competency, phase, level in rows:
        ratings[(employee, cohort_id)].setdefault(competency, {})[phase] = level
    kept, outcomes = [], []
    for pair in pairs:
        gains = [
            levels["close"] - levels["baseline"]
            for levels in ratings[(pair.mentee.employee_id, pair.cohort_id)].values()
            if "close" in levels and "baseline" in levels
        ]
        if gains:
            kept.append(pair)
            outcomes.append(float(np.clip(np.mean(gains) / GAIN_FOR_FULL_MARKS, 0, 1)))
    return kept, np.array(outcomes)


def suggested_weights(cohort: Cohort) -> Refinement:
    pairs, outcomes = past_outcomes(cohort)
    latest = cohort.match_rounds.exclude(weights={}).order_by("-created_at").first()
    current = Weights(**latest.weights) if latest else Weights()
    if not pairs:
        return refine_weights(current, Weights(), np.zeros((0, 4)), outcomes)
    return refine_weights(current, Weights(), _pair_terms(pairs), outcomes)


def _pair_terms(pairs: list[Pair]) -> np.ndarray:
    """(pairs, terms): each past pair's term values, from the same scoring as a live round."""
    employees = [p.mentee.employee_id for p in pairs] + [p.mentor.employee_id for p in pairs]
    column = {
        pk: i
        for i, pk in enumerate(Competency.objects.order_by("name").values_list("pk", flat=True))
    }
    skills, group, chains = (
        skill_levels(employees, column),
        priority_group_members(employees),
        manager_chains(employees),
    )
    now = timezone.now()
    mentees = build_side([p.mentee for p in pairs], skills, group, chains, column, now)
    mentors = build_side([p.mentor for p in pairs], skills, group, chains, column, now)
    terms = score_terms(mentees, mentors)
    index = np.arange(len(pairs))
    return terms[:, index, index].T.astype(float)
