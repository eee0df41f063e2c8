"""Scores for every (mentee, mentor) at once: each term is one matrix expression, no loop over
pairs. Every term lies in [0, 1]; the total is their weighted mean.

At enterprise size the matrices are large (5,000 x 5,000 is 100 MB per term in float32), so
each term is written in place into one preallocated array rather than through temporaries.
"""

import numpy as np

from upward.domain.matching.model import MAX_LEVEL, TERMS, Side, Weights

DTYPE = np.float32


def _inverse(values: np.ndarray) -> np.ndarray:
    """1/x, with 0 where x is 0 (a person with nothing listed scores 0, not NaN)."""
    values = values.astype(DTYPE)
    return np.divide(1, values, out=np.zeros_like(values), where=values > 0)


def complementarity(mentees: Side, mentors: Side, out: np.ndarray) -> None:
    """The mentor's strength where the mentee wants to learn, weighted by the mentee's gap."""
    gap = np.where(mentees.skills > 0, (MAX_LEVEL - mentees.skills) / (MAX_LEVEL - 1), 1.0)
    want = (mentees.wants * np.clip(gap, 0, 1)).astype(DTYPE)
    strength = (np.clip(mentors.skills, 0, MAX_LEVEL) / MAX_LEVEL).astype(DTYPE)
    np.matmul(want, strength.T, out=out)
    out *= _inverse(want.sum(axis=1))[:, None]


def interests(mentees: Side, mentors: Side, out: np.ndarray) -> None:
    """Cosine overlap of topics of interest."""
    a, b = mentees.interests.astype(DTYPE), mentors.interests.astype(DTYPE)
    np.matmul(a, b.T, out=out)
    out *= np.sqrt(_inverse(a.sum(axis=1)))[:, None]
    out *= np.sqrt(_inverse(b.sum(axis=1)))[None, :]


def tz_overlap(mentees: Side, mentors: Side, out: np.ndarray) -> None:
    """Share of an 8-hour working day the two have in common, from UTC offsets."""
    np.subtract(
        mentees.utc_offsets.astype(DTYPE)[:, None],
        mentors.utc_offsets.astype(DTYPE)[None, :],
        out=out,
    )
    np.abs(out, out=out)
    np.minimum(out, 24 - out, out=out)  # offsets wrap around the date line
    np.subtract(8, out, out=out)
    np.clip(out / 8, 0, 1, out=out)


def availability(mentees: Side, mentors: Side, out: np.ndarray) -> None:
    """Shared weekly slots (where both gave some) times working-hours overlap."""
    a, b = mentees.slots.astype(DTYPE), mentors.slots.astype(DTYPE)
    na, nb = a.sum(axis=1), b.sum(axis=1)
    np.matmul(a, b.T, out=out)
    out /= np.maximum(np.minimum.outer(na, nb), 1)
    out[(na == 0)[:, None] | (nb == 0)[None, :]] = 1  # no slots given: do not penalise
    overlap = np.empty_like(out)
    tz_overlap(mentees, mentors, overlap)
    out *= overlap


def diversity(mentees: Side, mentors: Side, out: np.ndarray) -> None:
    """Priority for pairs that include people from under-represented groups."""
    np.add(
        mentees.underrepresented.astype(DTYPE)[:, None] / 2,
        mentors.underrepresented.astype(DTYPE)[None, :] / 2,
        out=out,
    )


_TERM_FUNCTIONS = (complementarity, interests, availability, diversity)


def score_terms(mentees: Side, mentors: Side) -> np.ndarray:
    """(terms, mentees, mentors): each term's matrix, in TERMS order."""
    terms = np.empty((len(TERMS), len(mentees), len(mentors)), dtype=DTYPE)
    for index, term in enumerate(_TERM_FUNCTIONS):
        term(mentees, mentors, terms[index])
    return terms


def total_score(terms: np.ndarray, weights: Weights) -> np.ndarray:
    w = weights.as_array()
    w = (w / w.sum()).astype(DTYPE)
    total = terms[0] * w[0]
    for index in range(1, len(w)):
        total += terms[index] * w[index]
    return total
