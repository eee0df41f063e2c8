"""A diversity quota ("at least Q pairs with this property") by Lagrangian relaxation.

The quota is moved into the objective with a multiplier lam >= 0 on quota pairs:
    g(lam) = max_x [ W.x + lam * (D.x - Q) ]
Every g(lam) is an upper bound on the best quota-respecting solution, and every x with
D.x >= Q is a feasible solution, so the gap between the two is certified. g is convex and
piecewise linear in lam; bisection on the sign of its slope (D.x - Q) closes the gap.
"""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.assignment import (
    Assignment,
    Pairs,
    Preferences,
    Tiers,
    assign,
    edge_weights,
)


@dataclass(frozen=True)
class QuotaResult:
    assignment: Assignment
    required: int
    achieved: int
    feasible: bool  # False when no assignment can reach the quota
    bound: float  # upper bound on the objective under the quota (score units above tiers)
    gap: float  # bound minus the solution's objective, in score units
    iterations: int


def _value(pairs: Pairs, weights: np.ndarray) -> float:
    return float(sum(weights[e, m] for e, m in pairs))


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
    weights = edge_weights(
        score, feasible, prefs, Tiers.for_size(min(score.shape[0], int(capacity.sum())), prefs)
    )
    quota = quota_mask.astype(float)

    def solve(lam: float) -> tuple[Assignment, float]:
        result = assign(
            score,
            feasible,
            capacity,
            prefs=prefs,
            locked=locked,
            bonus=lam * quota if lam else None,
        )
        bound = _value(result.pairs, weights) + lam * (_count(result.pairs, quota_mask) - required)
        return result, bound

    first, bound = solve(0.0)
    if _count(first.pairs, quota_mask) >= required:
        return QuotaResult(first, required, _count(first.pairs, quota_mask), True, bound, 0.0, 1)
    # The most quota pairs any assignment can hold: a maximum matching on quota edges alone.
    most = assign(np.zeros_like(score), feasible & quota_mask, capacity, locked=locked)
    achievable = _count(most.pairs, quota_mask)
    if achievable < required:
        return QuotaResult(first, required, achievable, False, bound, float("inf"), 2)
    lo, hi, iterations = 0.0, 1.0, 2
    while True:  # ends: a bonus above every tier makes quota pairs win, and they can
        candidate, g = solve(hi)
        iterations += 1
        bound = min(bound, g)
        if _count(candidate.pairs, quota_mask) >= required:
            best = candidate
            break
        lo, hi = hi, hi * 8
    while iterations < max_iterations:
        gap = bound - _value(best.pairs, weights)
        if gap <= tolerance * max(1.0, best.total_score):
            break
        mid = (lo + hi) / 2
        candidate, g = solve(mid)
        iterations += 1
        bound = min(bound, g)
        if _count(candidate.pairs, quota_mask) >= required:
            hi = mid
            if _value(candidate.pairs, weights) > _value(best.pairs, weights):
                best = candidate
        else:
            lo = mid
    return QuotaResult(
        best,
        required,
        _count(best.pairs, quota_mask),
        True,
        bound,
        max(0.0, bound - _value(best.pairs, weights)),
        iterations,
    )
