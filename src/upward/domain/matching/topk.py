"""Each row's and each column's k best allowed entries of a large matrix, at memory speed.

A full argpartition touches every entry several times. Instead, the maxima of small groups
give a threshold: the k-th largest group maximum is at most the k-th largest entry (the k best
groups hold k distinct entries at least that large), so only the few entries at or above it
need sorting. Disallowed entries are zeroed by one multiplication (values are shifted to be
non-negative first) rather than set to -inf, which costs several times more; a zero threshold
is still a valid lower bound, and picked entries are checked against the mask. Rows go by
blocks, so no temporary is larger than a few MB.
"""

import numpy as np

GROUP = 64  # entries per group: enough to cut the work, few enough to stay selective
BLOCK_ROWS = 128


def _blocks(n_rows: int) -> list[slice]:
    return [slice(s, min(s + BLOCK_ROWS, n_rows)) for s in range(0, n_rows, BLOCK_ROWS)]


def _masked(values: np.ndarray, allowed: np.ndarray | None, rows: slice, low: float) -> np.ndarray:
    """The block shifted to be >= 0, with disallowed entries at 0."""
    block = values[rows]
    if low < 0:
        block = block - np.asarray(low, dtype=block.dtype)
    if allowed is None:
        return block
    return block * allowed[rows]


def _row_group_maxima(block: np.ndarray) -> np.ndarray:
    """Maxima of disjoint groups of about GROUP entries of each row. The groups are strided
    (entry j joins group j mod width), so the reduction runs over contiguous slices: several
    times faster than reducing short contiguous runs."""
    n_r, n_c = block.shape
    width = n_c // GROUP
    if width == 0:
        return block.max(axis=1, keepdims=True)
    main = n_c - n_c % width
    maxima = block[:, :main].reshape(n_r, -1, width).max(axis=1)
    tail = n_c - main  # fewer than width entries left: fold them into the first groups
    np.maximum(maxima[:, :tail], block[:, main:], out=maxima[:, :tail])
    return maxima


def _col_group_maxima(block: np.ndarray) -> np.ndarray:
    return np.maximum.reduceat(block, np.arange(0, block.shape[0], GROUP), axis=0)


def _kth_largest(maxima: np.ndarray, k: int, axis: int) -> np.ndarray:
    n = maxima.shape[axis]
    if k > n:
        return np.zeros(maxima.shape[1 - axis], dtype=maxima.dtype)
    return np.partition(maxima, n - k, axis=axis).take(n - k, axis=axis)


def top_k_entries(
    values: np.ndarray, allowed: np.ndarray | None, k: int, *, columns: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Linear indices (row * n_cols + col) of each row's k best allowed entries, ordered by row
    then best first (ties: smaller column first); with `columns`, also each column's k best
    (else an empty array). Rows need one pass; columns a second, after their thresholds."""
    n_r, n_c = values.shape
    empty = np.empty(0, dtype=np.int64)
    if k <= 0 or n_r == 0 or n_c == 0:
        return empty, empty
    low = float(values.min())
    found_r, col_maxima = [], []
    for rows in _blocks(n_r):
        block = _masked(values, allowed, rows, low)
        threshold = _kth_largest(_row_group_maxima(block), k, 1)
        found_r.append(_pick(block, block >= threshold[:, None], allowed, rows))
        if columns:
            col_maxima.append(_col_group_maxima(block))
    by_row = _select(found_r, k, n_c, by_row=True)
    if not columns:
        return by_row, empty
    col_thr = _kth_largest(np.concatenate(col_maxima, axis=0), k, 0)
    found_c = []
    for rows in _blocks(n_r):
        block = _masked(values, allowed, rows, low)
        found_c.append(_pick(block, block >= col_thr[None, :], allowed, rows))
    return by_row, _select(found_c, k, n_c, by_row=False)


def _pick(
    block: np.ndarray, near: np.ndarray, allowed: np.ndarray | None, rows: slice
) -> tuple[np.ndarray, np.ndarray]:
    """Linear indices (in the whole matrix) and values of the allowed entries picked."""
    local = np.flatnonzero(near)
    if allowed is not None:
        local = local[allowed[rows].ravel()[local]]
    return local + rows.start * block.shape[1], block.ravel()[local]


def _select(
    found: list[tuple[np.ndarray, np.ndarray]], k: int, n_c: int, *, by_row: bool
) -> np.ndarray:
    """The k best of each row (or column) among the picked entries, best first."""
    index = np.concatenate([f[0] for f in found])
    value = np.concatenate([f[1] for f in found])
    i, j = np.divmod(index, n_c)
    group, other = (i, j) if by_row else (j, i)
    order = np.lexsort((other, -value, group))
    sorted_group = group[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_group, sorted_group)
    return index[order[rank < k]]
