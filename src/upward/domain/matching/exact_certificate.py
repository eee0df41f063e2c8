"""The certificate of a tier's optimum: reduced costs of every pair of the face, screened by
row block. Pairs with a negative one must join the candidate graph (`violations`); once there
are none, the tight ones are the optima the next tier may choose among (`restrict`)."""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.exact_faces import (
    ADD_PER_ROW,
    MARGIN,
    TOLERANCE,
    Face,
    TierSolution,
    TierWeights,
    linear,
    row_blocks,
)


@dataclass(frozen=True)
class Low:
    """Edges of a row block whose reduced cost is below a limit: local row, column, cost."""

    i: np.ndarray
    j: np.ndarray
    rc: np.ndarray

    def within(self, ok: np.ndarray) -> "Low":
        keep = ok[self.i, self.j]
        return Low(self.i[keep], self.j[keep], self.rc[keep])


def _below(
    row_part: np.ndarray,
    col_part: np.ndarray,
    limit: float,
    weights: TierWeights | None = None,
    rows: slice = slice(0, 0),
) -> Low:
    """Entries with row_part[i] - weight[i, j] - col_part[j] < limit, with exact costs.

    The block is screened in float32 (half the memory traffic of float64) with a margin for
    its rounding; only the few entries that pass are recomputed in float64 from the exact
    weights, so the certificate is as exact as a float64 pass.
    """
    approx = np.subtract.outer(row_part.astype(np.float32), col_part.astype(np.float32))
    scale = np.abs(row_part).max(initial=0) + np.abs(col_part).max(initial=0) + 1.0
    if weights is not None:
        block = weights.screen(rows)
        approx -= block
        scale += float(np.abs(block).max(initial=0))
    i, j = np.divmod(np.flatnonzero(approx < limit + 1e-5 * scale), approx.shape[1])
    rc = row_part[i] - col_part[j]
    if weights is not None:
        rc -= weights.at(i + rows.start, j)
    keep = rc < limit
    return Low(i[keep], j[keep], rc[keep])


def _low_real_edges(
    weights: TierWeights, dist: np.ndarray, rows: slice, face: Face, offset: float, limit: float
) -> Low:
    """Real edges (i, j) of a row block the face allows, with reduced cost below `limit`.
    Reduced cost of an edge: its cost plus its row's distance minus its column's."""
    n_c = face.real.shape[1]
    size = face.size
    low = _below(offset + dist[rows], dist[size : size + n_c], limit, weights, rows)
    return low.within(face.real[rows])


def _dummy_reduced_costs(dist: np.ndarray, rows: slice, face: Face, offset: float) -> np.ndarray:
    """Reduced costs of the dummy edges (j', i') of a row block, [i, j], in float64. They carry
    no weight, so many are tight: a dense block is cheaper than lists of them."""
    n_r, size = face.real.shape[0], face.size
    dummy_col = dist[2 * size - n_r + rows.start : 2 * size - n_r + rows.stop]
    return np.subtract.outer(offset - dummy_col, -dist[n_r:size])


def violations(weights: TierWeights, face: Face, dist: np.ndarray, offset: float) -> np.ndarray:
    """Pairs to add: none when no edge of the face has a negative reduced cost (the
    certificate); otherwise each row's real edges below a small margin, since adding only the
    negative ones makes the next duals shift and uncover others, and negative dummy edges."""
    n_c = face.real.shape[1]
    found, violated = [], False
    for rows in row_blocks(face.real.shape[0]):
        lows = [_low_real_edges(weights, dist, rows, face, offset, MARGIN)]
        if face.doubled:
            rc = _dummy_reduced_costs(dist, rows, face, offset)
            i, j = np.divmod(np.flatnonzero(face.dummy[rows] & (rc < -TOLERANCE)), n_c)
            lows.append(Low(i, j, rc[i, j]))
        for low in lows:
            if len(low.rc):
                violated = violated or bool((low.rc < -TOLERANCE).any())
                found.append(_worst(low, rows.start, n_c))
    return np.unique(np.concatenate(found)) if violated else np.empty(0, dtype=np.int64)


def _worst(low: Low, first_row: int, n_c: int) -> np.ndarray:
    """Each row's ADD_PER_ROW lowest reduced costs, as linear indices."""
    order = np.lexsort((low.rc, low.i))
    rows = low.i[order]
    rank = np.arange(len(order)) - np.searchsorted(rows, rows)
    keep = order[rank < ADD_PER_ROW]
    return linear(low.i[keep] + first_row, low.j[keep], n_c)


def restrict(face: Face, weights: TierWeights, solution: TierSolution) -> Face:
    """The optima of this tier within the face: zero-reduced-cost edges and options only."""
    n_r, n_c = face.real.shape
    size, dist, offset = face.size, solution.dist, solution.offset
    out = Face(
        np.zeros_like(face.real),
        np.empty_like(face.dummy),
        face.row_free.copy(),
        face.col_free.copy(),
    )
    for rows in row_blocks(n_r):
        real = _low_real_edges(weights, dist, rows, face, offset, TOLERANCE)
        out.real[rows][real.i, real.j] = True
        if face.doubled:
            tight = _dummy_reduced_costs(dist, rows, face, offset) <= TOLERANCE
            out.dummy[rows] = face.dummy[rows] & tight
        else:  # no dummy edges to restrict
            out.dummy[rows] = face.dummy[rows]
    if face.doubled:
        out.row_free &= offset + dist[:n_r] - dist[2 * size - n_r :] <= TOLERANCE
        out.col_free &= offset + dist[n_r:size] - dist[size : size + n_c] <= TOLERANCE
    return out
