"""The tiers after the first: minimum-cost perfect matchings of the face, solved on the
candidate graph by scipy's sparse LAPJVsp and proven on every pair by the certificate
(exact_certificate.py), with potentials from shortest paths on the residual graph."""

import numpy as np

from upward.domain.matching.exact_certificate import violations
from upward.domain.matching.exact_faces import (
    MAX_ROUNDS,
    Face,
    TierSolution,
    TierWeights,
    union,
)


def solve_tier(
    weights: TierWeights,
    face: Face,
    candidates: np.ndarray,
    max_weight: float,
    prices: np.ndarray | None = None,
) -> TierSolution:
    """The best matching of the face for one tier's weights, proven on every pair of it.

    `prices` (column potentials of an earlier solve on the same face) warm-start the duals:
    potentials that move little between rounds expose few new negative reduced costs.
    """
    offset = 1.0 + max_weight  # keeps every cost positive: scipy drops zero-weight edges
    for rounds in range(1, MAX_ROUNDS + 1):
        pairs, dist, match_of_row = _solve_candidates(weights, face, candidates, offset, prices)
        prices = dist[face.size :]
        missing = violations(weights, face, dist, offset)
        if not len(missing):
            return TierSolution(pairs, dist, match_of_row, candidates, offset, rounds)
        if rounds >= MAX_ROUNDS - 2:  # pricing converges slowly: take every allowed pair
            missing = np.flatnonzero((face.real | face.dummy).ravel())
        candidates = union(candidates, missing)
    raise RuntimeError("The sparse assignment did not certify; this is a bug.")


def _solve_candidates(
    weights: TierWeights,
    face: Face,
    candidates: np.ndarray,
    offset: float,
    prices: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n_r, n_c = face.real.shape
    rows, cols, costs = _graph_edges(weights, face, candidates, offset)
    size = face.size
    graph = csr_matrix((costs, (rows, cols)), shape=(size, size))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    match_of_row = np.empty(size, dtype=np.int64)
    match_of_row[matched_rows] = matched_cols
    dist = _potentials(rows, cols, costs, match_of_row[rows] == cols, size, prices)
    real = (matched_rows < n_r) & (matched_cols < n_c)
    pairs = np.stack([matched_rows[real], matched_cols[real]], axis=1).astype(np.int64)
    return pairs, dist, match_of_row


def _graph_edges(
    weights: TierWeights, face: Face, candidates: np.ndarray, offset: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and costs: real pairs, then (doubled) unmatched options and dummy pairs."""
    n_r, n_c = face.real.shape
    i, j = np.divmod(candidates, n_c)
    real = face.real.ravel()[candidates]
    rows, cols = [i[real]], [j[real]]
    if face.doubled:
        dummy = face.dummy.ravel()[candidates]
        free_rows, free_cols = np.flatnonzero(face.row_free), np.flatnonzero(face.col_free)
        rows += [free_rows, n_r + free_cols, n_r + j[dummy]]
        cols += [n_c + free_rows, free_cols, n_c + i[dummy]]
    costs = np.full(sum(len(r) for r in rows), offset)
    costs[: real.sum()] -= weights.at(i[real], j[real])
    return np.concatenate(rows), np.concatenate(cols), costs


def _potentials(
    rows: np.ndarray,
    cols: np.ndarray,
    costs: np.ndarray,
    matched: np.ndarray,
    size: int,
    prices: np.ndarray | None = None,
) -> np.ndarray:
    """Shortest distances on the residual graph from a source joined to every node by 0 (or,
    warm, to every column by its earlier price): feasible potentials either way.

    Nodes: rows 0..size-1, columns size..2*size-1. Unmatched edges run row to column at their
    cost, matched ones back at minus their cost. The matching is optimal, so there is no
    negative cycle; Bellman-Ford relaxes only the edges out of nodes that moved last round.
    A row's only way in is its matched column, so it starts unreached when warm: its matched
    edge then comes out tight, as complementary slackness requires.
    """
    tails = np.where(matched, cols + size, rows)
    heads = np.where(matched, rows, cols + size)
    lengths = np.where(matched, -costs, costs)
    order = np.argsort(tails, kind="stable")
    tails, heads, lengths = tails[order], heads[order], lengths[order]
    starts = np.searchsorted(tails, np.arange(2 * size + 1))
    dist = np.zeros(2 * size)
    if prices is not None:
        dist[:size], dist[size:] = np.inf, prices
    active = np.arange(2 * size)
    for _ in range(2 * size + 1):
        counts = starts[active + 1] - starts[active]
        edges = np.repeat(starts[active] - np.cumsum(counts) + counts, counts)
        edges += np.arange(len(edges))
        reach = dist[tails[edges]] + lengths[edges]
        better = reach < dist[heads[edges]] - 1e-13
        if not better.any():
            return dist
        updated = dist.copy()
        np.minimum.at(updated, heads[edges][better], reach[better])
        active = np.flatnonzero(updated < dist)
        dist = updated
    raise RuntimeError("Negative cycle in an optimal matching's residual graph.")
