"""Reads for the outcomes export: only consenting members, and of their pair only the goal, its
figures and the partner's skill ratings. Notes, journals, concerns, closure reflections and
survey answers are never read here, so they cannot leak into a page, a file or the API."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from upward.competencies.models import SkillRating
from upward.programs.models import Cohort, Pair, Participant, Program
from upward.talent.models import OutcomeConsent, ProgramDecision
from upward.talent.results import GoalFacts, SkillChange, goal_figures, goal_result
from upward.workspace.models import Closure, Goal, GoalUpdate


@dataclass(frozen=True)
class OutcomeRow:
    consent: OutcomeConsent
    name: str
    employee_id: str
    person_id: str
    role: str
    cohort: str
    worked_on: str
    goal: GoalFacts | None
    skills: list[SkillChange]
    lead_note: str
    consented_at: datetime

    @property
    def result(self) -> str:
        return goal_result(self.goal)

    @property
    def figures(self) -> str:
        return goal_figures(self.goal)


def consenting(program: Program) -> list[OutcomeConsent]:
    return list(
        OutcomeConsent.objects.filter(shared=True, pair__cohort__program=program)
        .select_related("participant__employee", "pair__cohort")
        .order_by("pair__cohort__start_date", "participant__employee__last_name", "pk")
    )


def outcome_rows(program: Program) -> list[OutcomeRow]:
    return rows_for(consenting(program))


def rows_for(consents: list[OutcomeConsent]) -> list[OutcomeRow]:
    pairs = [c.pair for c in consents]
    goals = _goals(pairs)
    skills = _partner_skills(consents)
    return [
        OutcomeRow(
            consent=c,
            name=c.participant.employee.display_name,
            employee_id=c.participant.employee.employee_id,
            person_id=str(c.participant.employee.public_id),
            role=c.participant.get_role_display(),
            cohort=c.pair.cohort.name,
            worked_on=goals[c.pair_id].text if c.pair_id in goals else "",
            goal=goals.get(c.pair_id),
            skills=skills.get((c.participant.employee_id, c.pair.cohort_id), []),
            lead_note=c.lead_note,
            consented_at=c.decided_at,
        )
        for c in consents
    ]


def _goals(pairs: list[Pair]) -> dict[int, GoalFacts]:
    """Each pair's goal with its final figure: the one the pair gave when it closed, or else
    the last progress update."""
    goals = list(Goal.objects.filter(pair__in=pairs))
    last_update = dict(
        GoalUpdate.objects.filter(goal__in=goals)
        .order_by("noted_on", "pk")
        .values_list("goal__pair_id", "value")
    )
    at_close = dict(
        Closure.objects.filter(pair__in=pairs, state=Closure.State.CONFIRMED, outcome__isnull=False)
        .exclude(decision=Closure.Decision.CONTINUE)
        .values_list("pair_id", "outcome")
    )
    return {
        g.pair_id: GoalFacts(
            g.text,
            g.unit,
            g.baseline,
            g.target,
            at_close.get(g.pair_id, last_update.get(g.pair_id)),
        )
        for g in goals
    }


def _partner_skills(consents: list[OutcomeConsent]) -> dict[tuple[int, int], list[SkillChange]]:
    """The partner's ratings of each person in that pair's cohort, at the start and the close.
    Self and manager ratings are not the partner's view, so they are left out."""
    if not consents:
        return {}
    wanted = Q()
    for c in consents:
        wanted |= Q(employee_id=c.participant.employee_id, cohort_id=c.pair.cohort_id)
    levels: dict[tuple[int, int], dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    ratings = (
        SkillRating.objects.filter(wanted, rater_kind=SkillRating.RaterKind.PARTNER)
        .filter(phase__in=[SkillRating.Phase.BASELINE, SkillRating.Phase.CLOSE])
        .values_list("employee_id", "cohort_id", "competency__name", "phase", "level")
    )
    for employee_id, cohort_id, competency, phase, level in ratings:
        levels[(employee_id, cohort_id)][competency][phase] = level
    return {
        key: [
            SkillChange(name, phases.get("baseline"), phases.get("close"))
            for name, phases in sorted(by_skill.items())
        ]
        for key, by_skill in levels.items()
    }


def consent_of(pair: Pair, participant: Participant) -> OutcomeConsent | None:
    return OutcomeConsent.objects.filter(pair=pair, participant=participant).first()


def decision_of(program: Program) -> ProgramDecision | None:
    return ProgramDecision.objects.filter(program=program).select_related("decided_by").first()


def may_decide(program: Program) -> bool:
    """The decision belongs at the end: the program is closed, or a cohort of it is closing
    or closed (the pilot's end is when the playbook asks for it)."""
    if program.state == Program.State.CLOSED:
        return True
    ending = (Cohort.State.CLOSING, Cohort.State.CLOSED)
    return Cohort.objects.filter(program=program, state__in=ending).exists()


def closed_pair_members(program: Program) -> int:
    """How many people could say yes: the members of the program's closed pairs."""
    closed = Pair.objects.filter(cohort__program=program, state=Pair.State.CLOSED)
    return (
        Participant.objects.filter(Q(pairs_as_mentor__in=closed) | Q(pairs_as_mentee__in=closed))
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class Preview:
    """What a member would share, shown to them before they choose. Their partner's ratings of
    them stay confidential from them (as everywhere in Upward): only how many skills."""

    goal: GoalFacts | None
    rated_skills: int

    @property
    def result(self) -> str:
        return goal_result(self.goal)

    @property
    def figures(self) -> str:
        return goal_figures(self.goal)


def preview(pair: Pair, participant: Participant) -> Preview:
    rated = (
        SkillRating.objects.filter(
            employee_id=participant.employee_id,
            cohort_id=pair.cohort_id,
            rater_kind=SkillRating.RaterKind.PARTNER,
            phase__in=[SkillRating.Phase.BASELINE, SkillRating.Phase.CLOSE],
        )
        .values("competency_id")
        .distinct()
        .count()
    )
    return Preview(goal=_goals([pair]).get(pair.pk), rated_skills=rated)
