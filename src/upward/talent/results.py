"""How a participant's outcomes read in a talent review: pure Python, no Django, so the page,
the spreadsheets and the API say the same thing the same way."""

from dataclasses import dataclass

REACHED, NOT_REACHED, NO_GOAL = "reached", "not reached", "no goal"


@dataclass(frozen=True)
class GoalFacts:
    text: str
    unit: str
    baseline: float
    target: float
    final: float | None  # the last value the pair recorded; None before any


@dataclass(frozen=True)
class SkillChange:
    competency: str
    before: int | None  # the partner's rating at the start
    after: int | None  # and at the close

    def in_words(self) -> str:
        return f"{self.competency} {_level(self.before)} → {_level(self.after)}"


def _level(level: int | None) -> str:
    return "?" if level is None else str(level)


def goal_result(goal: GoalFacts | None) -> str:
    if goal is None:
        return NO_GOAL
    if goal.final is None:
        return NOT_REACHED
    rising = goal.target > goal.baseline
    met = goal.final >= goal.target if rising else goal.final <= goal.target
    return REACHED if met else NOT_REACHED


def goal_figures(goal: GoalFacts | None) -> str:
    """`40 → 260 followers (target 250)`, or empty when there is no goal."""
    if goal is None:
        return ""
    final = "no value recorded" if goal.final is None else f"{goal.final:g}"
    unit = f" {goal.unit}" if goal.unit else ""
    return f"{goal.baseline:g} → {final}{unit} (target {goal.target:g})"


def skills_in_words(skills: list[SkillChange]) -> str:
    return "; ".join(skill.in_words() for skill in skills)
