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
"""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.topk import top_k_entries

TOLERANCE = 1e-9  # reduced costs within this of 0 count as tight
BLOCK_ROWS = 256  # dense passes go by row blocks: a few MB at a time, never a full copy
INITIAL_K = 6
ADD_PER_ROW = 8  # most negative reduced costs added per violating row and round
MAX_ROUNDS = 12
ALL_PAIRS_UP_TO = 20_000  # matrix entries: below this the first graph is the whole one
MARGIN = 0.005  # pairs this close to tight join with the violators: the next duals move


@dataclass
class Face:
    """What the tiers solved so far still allow: exactly the optima of those tiers."""

    real: np.ndarray  # (rows, columns) bool: the pair may be used
    dummy: np.ndarray  # (rows, columns) bool: dummy row j may meet dummy column i
    row_free: np.ndarray  # (rows,) bool: the row may stay unmatched
    col_free: np.ndarray  # (columns,) bool: the column may stay unmatched

    @property
    def doubled(self) -> bool:
        """A square face where one whole side must be matched needs no dummies."""
        n_r, n_c = self.real.shape
        return not (n_r == n_c and (not self.row_free.any() or not self.col_free.any()))

    @property
    def size(self) -> int:
        """Vertices on each side of the perfect-matching graph."""
        n_r, n_c = self.real.shape
        return n_r + n_c if self.doubled else n_r


@dataclass(frozen=True)
class TierSolution:
    pairs: np.ndarray  # (m, 2) real (row, column) pairs
    dist: np.ndarray  # residual-graph distances: rows' then columns' potentials
    match_of_row: np.ndarray  # the perfect matching: column of each row of the solved graph
    candidates: np.ndarray  # linear pair indices the graph ended with (a warm start)
    offset: float
    rounds: int


class TierWeights:
    """A tier's weight for every pair, read two ways: a whole row block in float32 (cheap to
    screen reduced costs with) and exact float64 values at chosen pairs."""

    def screen(self, rows: slice) -> np.ndarray:
        raise NotImplementedError

    def at(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class RowColWeights(TierWeights):
    """row[i] + col[j]: the priority tier."""

    def __init__(self, row: np.ndarray, col: np.ndarray) -> None:
        self.row, self.col = np.asarray(row, np.float64), np.asarray(col, np.float64)

    def screen(self, rows: slice) -> np.ndarray:
        return np.add.outer(self.row[rows], self.col).astype(np.float32)

    def at(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return self.row[i] + self.col[j]


class DenseWeights(TierWeights):
    """matrix + lam * extra (the quota's bonus), never materialised whole in float64."""

    def __init__(
        self, matrix: np.ndarray, extra: np.ndarray | None = None, lam: float = 0.0
    ) -> None:
        self.matrix, self.extra, self.lam = matrix, extra, lam

    def screen(self, rows: slice) -> np.ndarray:
        block = self.matrix[rows]
        if self.extra is None or not self.lam:
            return block.astype(np.float32, copy=False)
        out = self.extra[rows] * np.float32(self.lam)
        out += block
        return out.astype(np.float32, copy=False)

    def at(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        out = self.matrix[i, j].astype(np.float64)
        if self.extra is not None and self.lam:
            out += self.lam * self.extra[i, j].astype(np.float64)
        return out


def union(*parts: np.ndarray) -> np.ndarray:
    """Sorted distinct linear indices of all parts (a sort: faster than np.union1d's hash)."""
    joined = np.concatenate(parts).astype(np.int64, copy=False)
    joined.sort()
    return joined[np.concatenate([[True], joined[1:] != joined[:-1]])] if len(joined) else joined


def row_blocks(n_rows: int) -> list[slice]:
    return [slice(s, min(s + BLOCK_ROWS, n_rows)) for s in range(0, n_rows, BLOCK_ROWS)]


def linear(i: np.ndarray, j: np.ndarray, n_c: int) -> np.ndarray:
    return np.asarray(i, dtype=np.int64) * n_c + np.asarray(j, dtype=np.int64)


# --- candidates ---------------------------------------------------------------------------


def initial_candidates(rank: np.ndarray, allowed: np.ndarray, k: int = INITIAL_K) -> np.ndarray:
    """Each row's and each column's k best allowed pairs by `rank` (the score); every allowed
    pair when the matrix is small (one solve beats several pricing rounds there)."""
    if allowed.size <= ALL_PAIRS_UP_TO:
        return np.flatnonzero(allowed)
    by_row, by_col = top_k_entries(rank, allowed, k, columns=True)
    return union(by_row, by_col)


# --- tier 1: most pairs -------------------------------------------------------------------


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


# --- the other tiers: minimum-cost perfect matchings ------------------------------------------


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
        missing = _violations(weights, face, dist, offset)
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


def _violations(weights: TierWeights, face: Face, dist: np.ndarray, offset: float) -> np.ndarray:
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
