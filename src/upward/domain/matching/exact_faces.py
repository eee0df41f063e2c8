"""What the exact assignment (exact.py) works on: the face each tier leaves, a tier's
solution, a tier's weights read by row block or at chosen pairs, and the first candidate pairs.
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
