"""The optimal assignment over a whole cohort.

The objective is lexicographic:
  1. match as many people as possible;
  2. then match people who were left unmatched last round (priority);
  3. then honour mentees' ranked choices (a ranked choice outweighs any score);
  4. then maximise the total score.
`assign` solves the tiers one after another, exactly, on a sparse certified graph
(`exact.py`). `assign_dense` is the former encoding, one weight per edge whose tier units
outweigh everything below them, solved by scipy's dense linear_sum_assignment: at large sizes
the units reach 1e11 and float64 loses score differences, so it is kept only as a reference
for tests and benchmarks and for quota corner cases (see quota.py).
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from upward.domain.matching.exact import (
    DenseWeights,
    RowColWeights,
    TierWeights,
    solve_lexicographic,
)

Pairs = tuple[tuple[int, int], ...]  # (mentee index, mentor index)


@dataclass(frozen=True)
class Tiers:
    score: float
    choice: float
    priority: float
    pair: float

    @classmethod
    def for_size(cls, max_pairs: int, prefs: "Preferences | None" = None) -> "Tiers":
        """Units for a problem with at most max_pairs pairs. A choice bonus moves in steps of
        1/top (top = the longest ranking), so one step must outweigh every score together."""
        steps = 1.0
        if prefs is not None and prefs.choice_rank is not None:
            steps = float(max(int(prefs.choice_rank.max(initial=0)), 1))
        choice = (max_pairs + 1.0) * steps
        priority = (max_pairs + 1.0) * (choice + 1.0)
        pair = (2 * max_pairs + 1.0) * (priority + choice + 1.0)
        return cls(score=1.0, choice=choice, priority=priority, pair=pair)


@dataclass(frozen=True)
class Assignment:
    pairs: Pairs
    total_score: float
    unmatched_mentees: tuple[int, ...]
    unmatched_mentors: tuple[int, ...]  # mentors with no pair at all


@dataclass(frozen=True)
class Preferences:
    """What people said: ranked choices (1 = first choice, 0 = none) and mentor declines."""

    choice_rank: NDArray[np.int_] | None = None
    declined: NDArray[np.bool_] | None = None
    mentee_priority: NDArray[np.float64] | None = None
    mentor_priority: NDArray[np.float64] | None = None


def choice_bonus(choice_rank: np.ndarray) -> np.ndarray:
    """1 for a first choice, falling linearly, 0 for a mentor the mentee did not rank."""
    top = max(int(choice_rank.max(initial=0)), 1)
    return np.where(choice_rank > 0, (top + 1 - choice_rank) / top, 0.0)


def edge_weights(
    score: np.ndarray, feasible: np.ndarray, prefs: Preferences, tiers: Tiers
) -> np.ndarray:
    """One float64 weight per edge, 0 where the pair is not allowed (built in place: at 5,000
    a side every temporary is another 200 MB)."""
    # float64: the tier units reach 1e11, and float32 would round the score away entirely.
    weight = score.astype(np.float64)
    weight *= tiers.score
    weight += tiers.pair
    if prefs.choice_rank is not None:
        weight += tiers.choice * choice_bonus(prefs.choice_rank)
    if prefs.mentee_priority is not None:
        weight += tiers.priority * prefs.mentee_priority[:, None]
    if prefs.mentor_priority is not None:
        weight += tiers.priority * prefs.mentor_priority[None, :]
    weight[~feasible] = 0.0
    if prefs.declined is not None:
        weight[prefs.declined] = 0.0
    return weight


def assign(
    score: np.ndarray,
    feasible: np.ndarray,
    capacity: np.ndarray,
    *,
    prefs: Preferences | None = None,
    locked: Pairs = (),
    bonus: np.ndarray | None = None,
) -> Assignment:
    """Best assignment; `locked` pairs are kept as they are and use up capacity.

    `bonus` is added to allowed edges (in score units); the quota solver uses it for its
    Lagrange multiplier.
    """
    problem = SlotProblem.build(score, feasible, capacity, prefs or Preferences(), locked)
    pairs = list(locked)
    if problem.has_edges:
        found, _, _ = solve_lexicographic(problem.tiers(bonus), problem.allowed, problem.score)
        pairs += problem.original_pairs(found)
    return assignment_of(score, tuple(sorted(pairs)), *score.shape)


@dataclass(frozen=True)
class SlotProblem:
    """The free mentees (rows) and mentor slots (columns: a mentor with capacity c appears c
    times), with the score, the allowed pairs and the tiers restricted to them."""

    rows: np.ndarray
    columns: np.ndarray
    score: np.ndarray
    allowed: np.ndarray
    prefs: Preferences
    identity: bool  # rows and columns are the whole matrix, in order

    @classmethod
    def build(
        cls,
        score: np.ndarray,
        feasible: np.ndarray,
        capacity: np.ndarray,
        prefs: Preferences,
        locked: Pairs,
    ) -> "SlotProblem":
        n_e, n_m = score.shape
        remaining, free_mentees = _after_locks(n_e, capacity, locked)
        columns = np.repeat(np.arange(n_m), remaining)
        rows = np.array(free_mentees, dtype=int)
        identity = (
            len(rows) == n_e and len(columns) == n_m and bool((columns == np.arange(n_m)).all())
        )
        allowed = feasible if prefs.declined is None else feasible & ~prefs.declined
        if not identity:
            score, allowed = score[np.ix_(rows, columns)], allowed[np.ix_(rows, columns)]
        return cls(rows, columns, score, allowed, prefs, identity)

    @property
    def has_edges(self) -> bool:
        return bool(len(self.rows) and len(self.columns))

    def sub(self, matrix: np.ndarray) -> np.ndarray:
        return matrix if self.identity else matrix[np.ix_(self.rows, self.columns)]

    def tiers(self, bonus: np.ndarray | None = None) -> list[tuple[TierWeights, float]]:
        """Priority, then choices, then score (+ bonus); tiers that are zero everywhere are
        skipped (the most-pairs tier always comes first)."""
        tiers: list[tuple[TierWeights, float]] = []
        prefs = self.prefs
        if _nonzero(prefs.mentee_priority) or _nonzero(prefs.mentor_priority):
            prio_e = _picked(prefs.mentee_priority, self.rows)
            prio_m = _picked(prefs.mentor_priority, self.columns)
            top = float(np.abs(prio_e).max(initial=0) + np.abs(prio_m).max(initial=0))
            tiers.append((RowColWeights(prio_e, prio_m), top))
        if prefs.choice_rank is not None and prefs.choice_rank.any():
            tiers.append((DenseWeights(self.sub(choice_bonus(prefs.choice_rank))), 1.0))
        top = float(np.abs(self.score).max(initial=0))
        if bonus is None:
            tiers.append((DenseWeights(self.score), top))
        else:
            extra = self.sub(bonus)
            top += float(np.abs(extra).max(initial=0))
            tiers.append((DenseWeights(self.score, extra, 1.0), top))
        return tiers

    def original_pairs(self, found: np.ndarray) -> list[tuple[int, int]]:
        return [(int(self.rows[r]), int(self.columns[c])) for r, c in found]


def _nonzero(values: np.ndarray | None) -> bool:
    return values is not None and bool(np.any(values))


def _picked(values: np.ndarray | None, index: np.ndarray) -> np.ndarray:
    if values is None:
        return np.zeros(len(index))
    return np.asarray(values, dtype=np.float64)[index]


def assign_dense(
    score: np.ndarray,
    feasible: np.ndarray,
    capacity: np.ndarray,
    *,
    prefs: Preferences | None = None,
    locked: Pairs = (),
    bonus: np.ndarray | None = None,
) -> Assignment:
    """`assign` by the dense single-weight encoding (see the module docstring)."""
    from scipy.optimize import linear_sum_assignment

    prefs = prefs or Preferences()
    n_e, n_m = score.shape
    remaining, free_mentees = _after_locks(n_e, capacity, locked)
    columns = np.repeat(np.arange(n_m), remaining)  # a mentor with capacity c appears c times
    rows = np.array(free_mentees, dtype=int)
    pairs = list(locked)
    if len(rows) and len(columns):
        tiers = Tiers.for_size(min(len(rows), len(columns)), prefs)
        weights = edge_weights(score, feasible, prefs, tiers)
        if bonus is not None:
            weights += np.where(weights > 0, bonus, 0.0)
        if len(rows) != n_e or len(columns) != n_m or (columns != np.arange(n_m)).any():
            weights = weights[np.ix_(rows, columns)]  # locks or capacities other than 1
        picked_rows, picked_cols = linear_sum_assignment(weights, maximize=True)
        keep = weights[picked_rows, picked_cols] > 0
        pairs += [
            (int(rows[r]), int(columns[c]))
            for r, c in zip(picked_rows[keep], picked_cols[keep], strict=True)
        ]
    return assignment_of(score, tuple(sorted(pairs)), n_e, n_m)


def _after_locks(n_e: int, capacity: np.ndarray, locked: Pairs) -> tuple[np.ndarray, list[int]]:
    remaining = np.asarray(capacity, dtype=int).copy()
    locked_mentees = set()
    for mentee, mentor in locked:
        if mentee in locked_mentees:
            raise ValueError(f"Mentee {mentee} is locked into two pairs.")
        if remaining[mentor] <= 0:
            raise ValueError(f"Mentor {mentor} has more locked pairs than capacity.")
        locked_mentees.add(mentee)
        remaining[mentor] -= 1
    return remaining, [j for j in range(n_e) if j not in locked_mentees]


def assignment_of(score: np.ndarray, pairs: Pairs, n_e: int, n_m: int) -> Assignment:
    matched_e = {e for e, _ in pairs}
    matched_m = {m for _, m in pairs}
    return Assignment(
        pairs=pairs,
        total_score=math.fsum(float(score[e, m]) for e, m in pairs),  # exact, not float32
        unmatched_mentees=tuple(j for j in range(n_e) if j not in matched_e),
        unmatched_mentors=tuple(i for i in range(n_m) if i not in matched_m),
    )


def objective(pairs: Pairs, score: np.ndarray, prefs: Preferences) -> tuple[float, ...]:
    """The lexicographic value of a set of pairs, for comparing solutions (tests, benchmarks)."""
    n_e, n_m = score.shape
    prio_e = prefs.mentee_priority if prefs.mentee_priority is not None else np.zeros(n_e)
    prio_m = prefs.mentor_priority if prefs.mentor_priority is not None else np.zeros(n_m)
    bonus = (
        choice_bonus(prefs.choice_rank) if prefs.choice_rank is not None else np.zeros_like(score)
    )
    return (
        float(len(pairs)),
        float(sum(prio_e[e] + prio_m[m] for e, m in pairs)),
        float(sum(bonus[e, m] for e, m in pairs)),
        float(sum(score[e, m] for e, m in pairs)),
    )
