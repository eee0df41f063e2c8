"""Tier 1 of the exact assignment: the most pairs, as a maximum matching (Hopcroft-Karp) whose
König vertex cover is its LP dual and so marks the face of every maximum matching."""

import numpy as np

from upward.domain.matching.exact_faces import (
    INITIAL_K,
    MAX_ROUNDS,
    Face,
    initial_candidates,
    linear,
    union,
)
from upward.domain.matching.topk import top_k_entries


def cardinality_face(
    allowed: np.ndarray, rank: np.ndarray, candidates: np.ndarray
) -> tuple[Face, np.ndarray]:
    """The face of maximum matchings, from a König cover (the LP dual of "most pairs").

    A maximum matching on the candidates is maximum on the whole graph when its König cover
    covers every allowed pair; otherwise the best uncovered pairs of each row join the
    candidates (every pair, after a few rounds) until it does.
    """
    n_c = allowed.shape[1]
    for rounds in range(1, MAX_ROUNDS + 1):
        cover_r, cover_c = _konig_cover(allowed, candidates)
        open_rows = np.flatnonzero(~cover_r)
        uncovered = allowed[open_rows] & ~cover_c[None, :]
        if not uncovered.any():
            real = allowed & ~(cover_r[:, None] & cover_c[None, :])
            return Face(real, allowed.copy(), ~cover_r, ~cover_c), candidates
        if rounds >= MAX_ROUNDS - 2:
            missing = np.flatnonzero(allowed)
        else:
            best, _ = top_k_entries(rank[open_rows], uncovered, 2 * INITIAL_K)
            missing = linear(open_rows[best // n_c], best % n_c, n_c)
        candidates = union(candidates, missing)
    raise RuntimeError("The maximum matching did not certify; this is a bug.")


def maximum_matching_size(allowed: np.ndarray, rank: np.ndarray) -> int:
    """The most pairs any matching of `allowed` holds (its König cover's size); `rank` only
    picks the first candidates."""
    if not allowed.any():
        return 0
    face, _ = cardinality_face(allowed, rank, initial_candidates(rank, allowed))
    return int((~face.row_free).sum() + (~face.col_free).sum())


def _konig_cover(allowed: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, maximum_bipartite_matching

    n_r, n_c = allowed.shape
    i, j = np.divmod(candidates[allowed.ravel()[candidates]], n_c)
    graph = csr_matrix((np.ones(len(i)), (i, j)), shape=(n_r, n_c))
    col_of_row = maximum_bipartite_matching(graph, perm_type="column")
    matched = np.flatnonzero(col_of_row >= 0)
    # Alternating paths from unmatched rows: row -> any column, column -> its matched row.
    source = n_r + n_c
    tails = np.concatenate([i, n_r + col_of_row[matched], np.full(n_r - len(matched), source)])
    heads = np.concatenate([n_r + j, matched, np.flatnonzero(col_of_row < 0)])
    walk = csr_matrix((np.ones(len(tails)), (tails, heads)), shape=(source + 1, source + 1))
    reached = np.zeros(source + 1, dtype=bool)
    reached[breadth_first_order(walk, source, directed=True, return_predecessors=False)] = True
    return ~reached[:n_r], reached[n_r:source]
