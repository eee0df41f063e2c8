"""A diversity quota ("at least Q pairs with this property") by Lagrangian relaxation.

The quota is moved into the objective with a multiplier lam >= 0 on quota pairs:
    g(lam) = max_x [ S.x + lam * (D.x - Q) ]
Every g(lam) is an upper bound on the best quota-respecting score, and every x with D.x >= Q is
a feasible solution, so the gap between the two is certified. g is convex and piecewise linear
in lam, the upper envelope of one line per solution; the next lam is where the lines of the
best solutions on either side of the quota cross (Kelley's cutting planes in one dimension),
which usually closes the gap in a handful of solves.

The tiers above the score (most pairs, priority, choices) are kept exact: when some optimum of
those tiers can meet the quota, the best quota-respecting solution is one of them, so every
solve is the score tier alone on the face they leave, reusing the candidate graph each solve
grows (a warm start). When the quota can only be met by giving up an upper tier, the former
dense single-weight method is used (small cohorts only: it solves dense matrices).
"""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.assignment import (
    Assignment,
    Pairs,
    Preferences,
    SlotProblem,
    Tiers,
    assign,
    assign_dense,
    assignment_of,
    edge_weights,
)
from upward.domain.matching.exact import (
    DenseWeights,
    Face,
    maximum_matching_size,
    solve_lexicographic,
    solve_tier,
    union,
    used_pairs,
)

FIRST_MULTIPLIER = 0.05  # the first bonus tried, as a share of the best score


@dataclass(frozen=True)
class QuotaResult:
    assignment: Assignment
    required: int
    achieved: int
    feasible: bool  # False when no assignment can reach the quota
    bound: float  # upper bound on the total score under the quota (upper tiers kept optimal)
    gap: float  # bound minus the solution's total score
    iterations: int  # exact solves used


def _count(pairs: Pairs, quota_mask: np.ndarray) -> int:
    return sum(1 for e, m in pairs if quota_mask[e, m])


def assign_with_quota(
    score: np.ndarray,
    feasible: np.ndarray,
    capacity: np.ndarray,
    quota_mask: np.ndarray,
    required: int,
    *,
    prefs: Preferences | None = None,
    locked: Pairs = (),
    tolerance: float = 1e-4,
    max_iterations: int = 40,
) -> QuotaResult:
    prefs = prefs or Preferences()
    problem = SlotProblem.build(score, feasible, capacity, prefs, locked)
    if not problem.has_edges:
        first = assign(score, feasible, capacity, prefs=prefs, locked=locked)
        achieved = _count(first.pairs, quota_mask)
        met = achieved >= required
        return QuotaResult(
            first, required, achieved, met, first.total_score, 0.0 if met else float("inf"), 1
        )
    found, face, candidates = solve_lexicographic(problem.tiers(), problem.allowed, problem.score)
    first = _assignment(problem, found, locked, score)
    if _count(first.pairs, quota_mask) >= required:
        achieved = _count(first.pairs, quota_mask)
        return QuotaResult(first, required, achieved, True, first.total_score, 0.0, 1)
    # The most quota pairs any assignment can hold: a maximum matching on quota edges alone.
    quota_allowed = problem.allowed & problem.sub(quota_mask)
    achievable = _count(locked, quota_mask) + maximum_matching_size(quota_allowed, problem.score)
    if achievable < required:
        return QuotaResult(first, required, achievable, False, first.total_score, float("inf"), 2)
    search = _FaceSearch(
        problem, face, candidates, quota_mask, required - _count(locked, quota_mask)
    )
    if not search.reachable():
        return _dense_quota(
            score,
            feasible,
            capacity,
            quota_mask,
            required,
            prefs,
            locked,
            tolerance,
            max_iterations,
        )
    pairs, bound = search.run(found, tolerance, max_iterations)
    best = _assignment(problem, pairs, locked, score)
    locked_score = best.total_score - search.score_of(pairs)
    bound += locked_score
    return QuotaResult(
        best,
        required,
        _count(best.pairs, quota_mask),
        True,
        bound,
        max(0.0, bound - best.total_score),
        search.solves + 1,
    )


def _assignment(
    problem: SlotProblem, found: np.ndarray, locked: Pairs, score: np.ndarray
) -> Assignment:
    pairs = tuple(sorted(list(locked) + problem.original_pairs(found)))
    return assignment_of(score, pairs, *score.shape)


class _FaceSearch:
    """The multiplier search on the face left by the upper tiers, in slot-problem indices."""

    def __init__(
        self,
        problem: SlotProblem,
        face: Face,
        candidates: np.ndarray,
        quota_mask: np.ndarray,
        need: int,
    ) -> None:
        self.problem, self.face, self.candidates, self.need = problem, face, candidates, need
        self.quota = problem.sub(quota_mask).astype(np.float32)
        self.top = float(np.abs(problem.score).max(initial=0))
        self.solves = 0
        self.prices: np.ndarray | None = None

    def score_of(self, pairs: np.ndarray) -> float:
        return float(self.problem.score[pairs[:, 0], pairs[:, 1]].astype(np.float64).sum())

    def count_of(self, pairs: np.ndarray) -> int:
        return int(self.quota[pairs[:, 0], pairs[:, 1]].sum())

    def _solve(self, lam: float) -> np.ndarray:
        """The best pairs of the face for score + lam * quota."""
        weights = DenseWeights(self.problem.score, self.quota, lam)
        solution = solve_tier(weights, self.face, self.candidates, self.top + lam, self.prices)
        self.candidates = union(solution.candidates, used_pairs(solution, self.face))
        self.prices = solution.dist[self.face.size :]  # warm start for the next multiplier
        self.solves += 1
        return solution.pairs

    def reachable(self) -> bool:
        """Finds a multiplier whose optimum meets the quota, if the face has one. A bonus
        above the largest possible score total makes quota pairs win outright, so past it
        the face cannot meet the quota."""
        unit = max(self.top, 1e-9)
        lam = FIRST_MULTIPLIER * unit
        while lam <= 2 * (min(self.face.real.shape) + 1) * unit:
            self.lam_above, self.most = lam, self._solve(lam)
            if self.count_of(self.most) >= self.need:
                return True
            lam *= 4
        return False

    def run(
        self, first: np.ndarray, tolerance: float, max_iterations: int
    ) -> tuple[np.ndarray, float]:
        """The best quota-meeting pairs found and the lowest bound g(lam) reached."""
        below = (self.score_of(first), self.count_of(first))  # lam = 0: a bound, not feasible
        above_pairs = self.most
        above = (self.score_of(above_pairs), self.count_of(above_pairs))
        best, best_score = above_pairs, above[0]
        bound = min(below[0], above[0] + self.lam_above * (above[1] - self.need))
        while self.solves < max_iterations and bound - best_score > tolerance * max(
            1.0, best_score
        ):
            lam = (below[0] - above[0]) / (above[1] - below[1])  # where the two lines cross
            pairs = self._solve(lam)
            value = (self.score_of(pairs), self.count_of(pairs))
            g = value[0] + lam * (value[1] - self.need)
            crossing = below[0] + lam * (below[1] - self.need)
            bound = min(bound, g)
            if value[1] >= self.need:
                if value[0] > best_score:
                    best, best_score = pairs, value[0]
                above = value
            else:
                below = value
            if g <= crossing + 1e-12 * max(1.0, abs(g)):  # no line above it: lam minimises g
                break
        return best, bound


def _dense_quota(
    score: np.ndarray,
    feasible: np.ndarray,
    capacity: np.ndarray,
    quota_mask: np.ndarray,
    required: int,
    prefs: Preferences,
    locked: Pairs,
    tolerance: float,
    max_iterations: int,
) -> QuotaResult:
    """The former method, on tier-encoded dense weights: bisection on lam, whose bonus may
    grow past the tier units (so the quota can cost pairs, priority or choices)."""
    weights = edge_weights(
        score, feasible, prefs, Tiers.for_size(min(score.shape[0], int(capacity.sum())), prefs)
    )
    quota = quota_mask.astype(float)

    def value(pairs: Pairs) -> float:
        return float(sum(weights[e, m] for e, m in pairs))

    def solve(lam: float) -> tuple[Assignment, float]:
        bonus = lam * quota if lam else None
        result = assign_dense(score, feasible, capacity, prefs=prefs, locked=locked, bonus=bonus)
        return result, value(result.pairs) + lam * (_count(result.pairs, quota_mask) - required)

    _, bound = solve(0.0)
    lo, hi, iterations = 0.0, 1.0, 3
    while True:  # ends: a bonus above every tier makes quota pairs win, and they can
        best, g = solve(hi)
        iterations += 1
        bound = min(bound, g)
        if _count(best.pairs, quota_mask) >= required:
            break
        lo, hi = hi, hi * 8
    while iterations < max_iterations and bound - value(best.pairs) > tolerance * max(
        1.0, best.total_score
    ):
        mid = (lo + hi) / 2
        candidate, g = solve(mid)
        iterations += 1
        bound = min(bound, g)
        if _count(candidate.pairs, quota_mask) >= required:
            hi = mid
            if value(candidate.pairs) > value(best.pairs):
                best = candidate
        else:
            lo = mid
    gap = max(0.0, bound - value(best.pairs))
    achieved = _count(best.pairs, quota_mask)
    return QuotaResult(best, required, achieved, True, best.total_score + gap, gap, iterations)
