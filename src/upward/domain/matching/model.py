"""The inputs of a match round, as arrays the engine works on whole."""

from dataclasses import dataclass, field

import numpy as np

TERMS = ("complementarity", "interests", "availability", "diversity")
MAX_LEVEL = 5  # the competency scale


@dataclass(frozen=True)
class Side:
    """Everyone on one side of a round (mentees, or mentors), one row each.

    skills: (n, C) competency levels 1-5, 0 where unknown. wants: (n, C) 1 where the person
    wants to learn a competency (mentees). interests: (n, T) topics. slots: (n, S) weekly
    availability slots. ancestors: each person's managers, nearest first (employee ids).
    """

    keys: tuple[str, ...]
    person_ids: tuple[str, ...]
    levels: np.ndarray
    departments: tuple[str, ...]
    utc_offsets: np.ndarray
    skills: np.ndarray
    wants: np.ndarray
    interests: np.ndarray
    slots: np.ndarray
    underrepresented: np.ndarray
    ancestors: tuple[tuple[str, ...], ...]
    capacity: np.ndarray
    priority: np.ndarray  # 1 for someone left unmatched in an earlier round

    def __len__(self) -> int:
        return len(self.keys)


@dataclass(frozen=True)
class Weights:
    """How much each term counts; the lead sets them, each between 0 and 1."""

    complementarity: float = 0.5
    interests: float = 0.2
    availability: float = 0.2
    diversity: float = 0.1

    def as_array(self) -> np.ndarray:
        return np.array([getattr(self, term) for term in TERMS], dtype=float)

    def problems(self) -> list[str]:
        values = self.as_array()
        problems = [
            f"The {term} weight must be between 0 and 1 (it is {value:g})."
            for term, value in zip(TERMS, values, strict=True)
            if not 0 <= value <= 1 or not np.isfinite(value)
        ]
        if not problems and values.sum() == 0:
            problems.append("At least one weight must be above 0.")
        return problems


@dataclass(frozen=True)
class Rules:
    """Hard constraints. A pair that breaks any of them is never proposed."""

    chain_depth: int = 2  # 1 = direct manager only, 2 = also skip-level, ...
    min_level_gap: int = 2  # the mentor is at least this many levels below the mentee
    exclude_same_department: bool = False
    max_tz_gap_hours: float = 6.0
    exclusions: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (mentee, mentor)

    def problems(self) -> list[str]:
        problems = []
        if not 0 <= self.chain_depth <= 10:
            problems.append("Reporting-chain depth must be between 0 and 10.")
        if not 0 <= self.min_level_gap <= 20:
            problems.append("Minimum level gap must be between 0 and 20.")
        if not 0 <= self.max_tz_gap_hours <= 24:
            problems.append("Maximum time-zone gap must be between 0 and 24 hours.")
        return problems
