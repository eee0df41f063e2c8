"""Scores for every (mentee, mentor) at once: each term is one matrix expression, no loop over
pairs. Every term lies in [0, 1]; the total is their weighted mean.

At enterprise size the matrices are large (5,000 x 5,000 is 100 MB per term in float32), so
element-wise work goes by blocks of rows that fit in cache, in place, in float32.
`score_matrix` builds the weighted total without ever holding the separate terms:
complementarity, interests and diversity are all bilinear in per-person features, so one
matrix product (their weighted features side by side) writes their sum; availability is added
to it block by block.
"""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.model import MAX_LEVEL, TERMS, Side, Weights

DTYPE = np.float32
BLOCK_ROWS = 256  # 256 x 5,000 float32 is 5 MB: a block and its scratch stay in cache


def _inverse(values: np.ndarray) -> np.ndarray:
    """1/x, with 0 where x is 0 (a person with nothing listed scores 0, not NaN)."""
    values = values.astype(DTYPE)
    return np.divide(1, values, out=np.zeros_like(values), where=values > 0)


@dataclass(frozen=True)
class _Features:
    """Per-person vectors each term is a product of (rows: mentees, cols: mentors)."""

    want: np.ndarray  # mentees' wish to learn, weighted by their gap, row-normalised
    strength: np.ndarray  # mentors' level per competency, in [0, 1]
    interests_e: np.ndarray  # interests scaled by 1 / sqrt(count): cosine overlap
    interests_m: np.ndarray
    slots_e: np.ndarray
    slots_m: np.ndarray
    offsets_e: np.ndarray
    offsets_m: np.ndarray
    under_e: np.ndarray
    under_m: np.ndarray

    @classmethod
    def of(cls, mentees: Side, mentors: Side) -> "_Features":
        gap = np.where(mentees.skills > 0, (MAX_LEVEL - mentees.skills) / (MAX_LEVEL - 1), 1.0)
        want = (mentees.wants * np.clip(gap, 0, 1)).astype(DTYPE)
        a, b = mentees.interests.astype(DTYPE), mentors.interests.astype(DTYPE)
        return cls(
            want=want * _inverse(want.sum(axis=1))[:, None],
            strength=(np.clip(mentors.skills, 0, MAX_LEVEL) / MAX_LEVEL).astype(DTYPE),
            interests_e=a * np.sqrt(_inverse(a.sum(axis=1)))[:, None],
            interests_m=b * np.sqrt(_inverse(b.sum(axis=1)))[:, None],
            slots_e=mentees.slots.astype(DTYPE),
            slots_m=mentors.slots.astype(DTYPE),
            offsets_e=mentees.utc_offsets.astype(DTYPE),
            offsets_m=mentors.utc_offsets.astype(DTYPE),
            under_e=mentees.underrepresented.astype(DTYPE) / 2,
            under_m=mentors.underrepresented.astype(DTYPE) / 2,
        )


def _complementarity(f: _Features, rows: slice, out: np.ndarray) -> None:
    """The mentor's strength where the mentee wants to learn, weighted by the mentee's gap."""
    np.matmul(f.want[rows], f.strength.T, out=out)


def _interests(f: _Features, rows: slice, out: np.ndarray) -> None:
    """Cosine overlap of topics of interest."""
    np.matmul(f.interests_e[rows], f.interests_m.T, out=out)


def _tz_overlap(f: _Features, rows: slice, out: np.ndarray) -> None:
    """Share of an 8-hour working day the two have in common, from UTC offsets."""
    np.subtract.outer(f.offsets_e[rows], f.offsets_m, out=out)
    np.abs(out, out=out)
    np.minimum(out, 24 - out, out=out)  # offsets wrap around the date line
    np.subtract(8, out, out=out)
    out *= DTYPE(1 / 8)
    np.clip(out, 0, 1, out=out)


def _availability(f: _Features, rows: slice, out: np.ndarray) -> None:
    """Shared weekly slots (where both gave some) times working-hours overlap."""
    np.matmul(f.slots_e[rows], f.slots_m.T, out=out)
    scratch = np.empty((min(BLOCK_ROWS, len(out)), out.shape[1]), dtype=DTYPE)
    start = rows.start or 0
    for block in _blocks(len(out)):
        part = slice(start + block.start, start + block.stop)
        _finish_availability(f, part, out[block], scratch[: block.stop - block.start])


def _finish_availability(
    f: _Features, rows: slice, shared: np.ndarray, scratch: np.ndarray
) -> None:
    """Shared slot counts (in place) to the availability term, on a cache-sized block."""
    na, nb = f.slots_e[rows].sum(axis=1), f.slots_m.sum(axis=1)
    np.minimum.outer(na, nb, out=scratch)
    np.maximum(scratch, 1, out=scratch)
    shared /= scratch
    shared[na == 0] = 1  # no slots given: do not penalise
    shared[:, nb == 0] = 1
    _tz_overlap(f, rows, scratch)
    shared *= scratch


def _diversity(f: _Features, rows: slice, out: np.ndarray) -> None:
    """Priority for pairs that include people from under-represented groups."""
    np.add.outer(f.under_e[rows], f.under_m, out=out)


def _blocks(n_rows: int) -> list[slice]:
    return [slice(s, min(s + BLOCK_ROWS, n_rows)) for s in range(0, n_rows, BLOCK_ROWS)]


_TERM_FUNCTIONS = (_complementarity, _interests, _availability, _diversity)


def score_terms(mentees: Side, mentors: Side) -> np.ndarray:
    """(terms, mentees, mentors): each term's matrix, in TERMS order (for explanations)."""
    features = _Features.of(mentees, mentors)
    terms = np.empty((len(TERMS), len(mentees), len(mentors)), dtype=DTYPE)
    everyone = slice(0, len(mentees))
    for index, term in enumerate(_TERM_FUNCTIONS):
        term(features, everyone, terms[index])
    return terms


def total_score(terms: np.ndarray, weights: Weights) -> np.ndarray:
    w = _normalised(weights)
    total = terms[0] * w[0]
    for index in range(1, len(w)):
        total += terms[index] * w[index]
    return total


def _normalised(weights: Weights) -> np.ndarray:
    w = weights.as_array()
    return (w / w.sum()).astype(DTYPE)


def score_matrix(mentees: Side, mentors: Side, weights: Weights) -> np.ndarray:
    """The weighted total score, as `total_score(score_terms(...))` but without the terms:
    one float32 (mentees, mentors) matrix and a block of scratch."""
    f = _Features.of(mentees, mentors)
    w = _normalised(weights)
    ones_e, ones_m = np.ones((len(mentees), 1), DTYPE), np.ones((len(mentors), 1), DTYPE)
    # Bilinear terms side by side: left @ right.T = w0 comp + w1 interests + w3 diversity.
    left = np.hstack([f.want * w[0], f.interests_e * w[1], f.under_e[:, None] * w[3], ones_e])
    right = np.hstack([f.strength, f.interests_m, ones_m, f.under_m[:, None] * w[3]])
    # Whole-matrix products: one BLAS call each (many small ones thrash its threads).
    total = np.matmul(left, right.T)
    if w[2]:
        shared = np.matmul(f.slots_e, f.slots_m.T)
        scratch = np.empty((min(BLOCK_ROWS, len(mentees)), len(mentors)), dtype=DTYPE)
        for rows in _blocks(len(mentees)):
            part = shared[rows]
            _finish_availability(f, rows, part, scratch[: rows.stop - rows.start])
            part *= w[2]
            total[rows] += part
    return total
