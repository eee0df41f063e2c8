"""The alumni loop in numbers: who came back to mentor after their pair graduated.

Pure Python: the alumni app loads the rows and calls these.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MentorPlace:
    """One person mentoring in one cohort of the program."""

    person: int
    cohort_start: date


@dataclass(frozen=True)
class ReturningFigure:
    """Mentors of later cohorts who were alumni of an earlier one, out of all the mentors of
    cohorts that started after the program's first graduation (`n`)."""

    returning: int
    n: int

    @property
    def share(self) -> float | None:
        return self.returning / self.n if self.n else None

    def sentence(self) -> str:
        if not self.n:
            return (
                "No cohort has started since the first pair graduated, so nobody could return yet."
            )
        mentors = "mentor" if self.n == 1 else "mentors"
        return (
            f"{self.returning} of {self.n} {mentors} in later cohorts "
            f"{'was' if self.returning == 1 else 'were'} alumni of an earlier one."
        )


def returning_mentors(
    places: Iterable[MentorPlace], graduated_on: Mapping[int, date]
) -> ReturningFigure:
    """Count each person once: a mentor of a cohort that started after the first graduation
    in the program is in `n`; they are returning if they had graduated before that start."""
    if not graduated_on:
        return ReturningFigure(returning=0, n=0)
    first_graduation = min(graduated_on.values())
    later: dict[int, bool] = {}
    for place in places:
        if place.cohort_start <= first_graduation:
            continue
        graduated = graduated_on.get(place.person)
        came_back = graduated is not None and graduated < place.cohort_start
        later[place.person] = later.get(place.person, False) or came_back
    return ReturningFigure(returning=sum(later.values()), n=len(later))


def worked_on(goal: str, tags: Iterable[str], limit: int = 3) -> str:
    """What a pair worked on, in a line: its goal, or else its most used session topics."""
    if goal.strip():
        return goal.strip()
    counts: dict[str, int] = {}
    for tag in tags:
        counts[tag] = counts.get(tag, 0) + 1
    top = sorted(counts, key=lambda name: (-counts[name], name))[:limit]
    return ", ".join(top)
