"""Exact lexicographic assignment, tier by tier, on a sparse candidate graph with a certificate.

The objective has tiers (pairs, then priority, then ranked choices, then score). Folding them
into one weight needs units up to 1e11, and float64 then rounds the score away. Instead each
tier is solved on its own and the next may only choose among the optima of those above: an
optimal dual solution (potentials) of a tier marks exactly the edges and "stay unmatched"
options some optimum uses (zero reduced cost, by complementary slackness), and the next tier
keeps only those, its "face". Every tier's weights stay of order 1.

Tier 1 (most pairs) is a maximum matching (Hopcroft-Karp) whose König vertex cover is its dual.
The other tiers are minimum-cost perfect matchings. When everyone must be matched the graph is
used as it is; otherwise it is doubled: each row gets a dummy column (unmatched), each column a
dummy row, and dummy row j meets dummy column i wherever (i, j) is an edge, so every matching of
the original graph extends to a perfect matching of the doubled one at the same cost.

Each tier is solved on candidates (every row's and column's best k pairs by score) by scipy's
sparse LAPJVsp, then proven optimal on the whole matrix: potentials are shortest-path distances
on the residual graph, and any pruned pair with a negative reduced cost joins the graph before
solving again. Only a certificate ends the loop, so the result is the exact optimum.

This module runs the tiers in order. The parts: exact_faces.py (faces, weights, candidates),
exact_cardinality.py (tier 1), exact_tiers.py (the minimum-cost tiers) and
exact_certificate.py (the reduced costs that prove each tier and restrict the next).
"""

import numpy as np

from upward.domain.matching.exact_cardinality import cardinality_face, maximum_matching_size
from upward.domain.matching.exact_certificate import restrict
from upward.domain.matching.exact_faces import (
    DenseWeights,
    Face,
    RowColWeights,
    TierSolution,
    TierWeights,
    initial_candidates,
    linear,
    union,
)
from upward.domain.matching.exact_tiers import solve_tier

# What assignment.py and quota.py use, importable from here as before the split.
__all__ = [
    "DenseWeights",
    "Face",
    "RowColWeights",
    "TierWeights",
    "maximum_matching_size",
    "solve_lexicographic",
    "solve_tier",
    "union",
    "used_pairs",
]


def used_pairs(solution: TierSolution, face: Face) -> np.ndarray:
    """Pairs behind every edge of a solution, so the next tier's candidate graph still holds
    it (it lies in the next face) and so has a perfect matching."""
    n_r, n_c = face.real.shape
    used = linear(solution.pairs[:, 0], solution.pairs[:, 1], n_c)
    if face.doubled:
        partner = solution.match_of_row[n_r:]  # dummy row j: dummy column n_c + i or column j
        meets = partner >= n_c
        used = union(used, linear(partner[meets] - n_c, np.flatnonzero(meets), n_c))
    return used


def solve_lexicographic(
    tiers: list[tuple[TierWeights, float]],
    allowed: np.ndarray,
    rank: np.ndarray,
    *,
    face: Face | None = None,
    candidates: np.ndarray | None = None,
) -> tuple[np.ndarray, Face, np.ndarray]:
    """Pairs with the most pairs, then optimal for each tier in order; a tier is (weights,
    largest weight). Pass the `face` and `candidates` returned earlier to re-solve only the last
    tier with other weights (the quota does). Returns the pairs, the face left by every tier but
    the last, and the candidate graph reached."""
    if candidates is None:
        candidates = initial_candidates(rank, allowed)
    pairs = np.empty((0, 2), dtype=np.int64)
    if face is None:
        face, candidates = cardinality_face(allowed, rank, candidates)
    upper = face
    for index, (weights, max_weight) in enumerate(tiers):
        solution = solve_tier(weights, face, candidates, max_weight)
        pairs = solution.pairs
        candidates = union(solution.candidates, used_pairs(solution, face))
        upper = face
        if index < len(tiers) - 1:
            face = restrict(face, weights, solution)
    return pairs, upper, candidates
