"""The feedback loop: outcomes of past pairs nudge the weights, within bounds the lead sees.

Each term's weight moves in proportion to how strongly that term's score correlated with
the outcome across past pairs (goal progress, the mentee's rating, pulse scores, combined
by the caller into one number in [0, 1]). Weights never leave default x (1 +/- bound), and
nothing moves with fewer than MIN_PAIRS outcomes: a handful of pairs proves nothing.
"""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.model import TERMS, Weights

MIN_PAIRS = 8


@dataclass(frozen=True)
class WeightChange:
    term: str
    before: float
    after: float
    correlation: float
    reason: str


@dataclass(frozen=True)
class Refinement:
    weights: Weights
    changes: tuple[WeightChange, ...]
    pairs_used: int
    note: str


def refine_weights(
    current: Weights,
    defaults: Weights,
    term_scores: np.ndarray,
    outcomes: np.ndarray,
    *,
    bound: float = 0.5,
    rate: float = 0.5,
) -> Refinement:
    """term_scores: (pairs, terms) each pair's term values; outcomes: (pairs,) in [0, 1]."""
    n = len(outcomes)
    if n < MIN_PAIRS:
        return Refinement(
            current,
            (),
            n,
            f"Weights unchanged: {n} past pairs have outcomes; at least {MIN_PAIRS} are needed.",
        )
    before, base = current.as_array(), defaults.as_array()
    after = before.copy()
    changes = []
    for t, term in enumerate(TERMS):
        r = _correlation(term_scores[:, t], outcomes)
        if r is None:
            continue
        after[t] = float(
            np.clip(
                before[t] * (1 + rate * r), base[t] * (1 - bound), min(1.0, base[t] * (1 + bound))
            )
        )
        if abs(after[t] - before[t]) >= 0.005:
            direction = "higher" if r > 0 else "lower"
            changes.append(
                WeightChange(
                    term,
                    float(before[t]),
                    after[t],
                    r,
                    f"Pairs with more {term} had {direction} outcomes (r = {r:.2f}, n = {n}).",
                )
            )
    weights = Weights(*(round(float(v), 3) for v in after))
    return Refinement(
        weights,
        tuple(changes),
        n,
        f"Based on {n} past pairs; each weight stays within ±{bound:.0%} of its default.",
    )


def _correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    if np.std(x) == 0 or np.std(y) == 0:
        return None  # a term that never varied says nothing about outcomes
    return float(np.corrcoef(x, y)[0, 1])
