"""The sparse, tier-by-tier assignment against independent solvers, and the fast score, mask
and top-k paths against their plain definitions."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from upward.domain.matching.assignment import Preferences, assign, assign_dense, objective
from upward.domain.matching.constraints import feasibility
from upward.domain.matching.model import Rules, Weights
from upward.domain.matching.quota import assign_with_quota
from upward.domain.matching.scoring import score_matrix, score_terms, total_score
from upward.domain.matching.synthetic import synthetic_sides
from upward.domain.matching.topk import top_k_entries


@st.composite
def medium_instances(draw, max_side: int = 14):
    """Random cohorts with every tier, declines, capacities and a lock: small enough that the
    dense single-weight encoding is still exact (its units stay far below 2**53 / 1e9)."""
    n_e = draw(st.integers(1, max_side))
    n_m = draw(st.integers(1, max_side))
    rng = np.random.default_rng(draw(st.integers(0, 100_000)))
    score = rng.random((n_e, n_m)).astype(np.float32)
    feasible = rng.random((n_e, n_m)) < draw(st.floats(0.1, 1.0))
    capacity = rng.integers(0, 3, n_m)
    ranks = np.where(rng.random((n_e, n_m)) < 0.2, rng.integers(1, 4, (n_e, n_m)), 0)
    prefs = Preferences(
        choice_rank=ranks if draw(st.booleans()) else None,
        declined=rng.random((n_e, n_m)) < 0.1,
        mentee_priority=(rng.random(n_e) < 0.3).astype(float),
        mentor_priority=(rng.random(n_m) < 0.2).astype(float) if draw(st.booleans()) else None,
    )
    locked: tuple[tuple[int, int], ...] = ()
    open_mentors = np.flatnonzero(capacity > 0)
    if draw(st.booleans()) and len(open_mentors):
        locked = ((0, int(open_mentors[0])),)
    return score, feasible, capacity, prefs, locked


def _same_objective(got: tuple[float, ...], want: tuple[float, ...]) -> None:
    assert got[0] == want[0]
    for mine, theirs in zip(got[1:], want[1:], strict=True):
        assert abs(mine - theirs) <= 1e-9 * max(1.0, abs(theirs))


@given(medium_instances())
@settings(max_examples=120, deadline=None)
def test_sparse_tiers_match_the_dense_solver(instance) -> None:
    score, feasible, capacity, prefs, locked = instance
    sparse = assign(score, feasible, capacity, prefs=prefs, locked=locked)
    dense = assign_dense(score, feasible, capacity, prefs=prefs, locked=locked)
    allowed = feasible & ~prefs.declined
    for pair in sparse.pairs:
        assert pair in locked or allowed[pair]
    assert set(locked) <= set(sparse.pairs)
    used = np.bincount([m for _, m in sparse.pairs], minlength=len(capacity))
    assert (used <= capacity).all()
    _same_objective(objective(sparse.pairs, score, prefs), objective(dense.pairs, score, prefs))


def _score_optimum(score: np.ndarray, allowed: np.ndarray) -> float:
    """Independent check when everyone can be matched: the best perfect matching by score."""
    cost = np.where(allowed, -score.astype(np.float64), np.inf)
    rows, cols = linear_sum_assignment(cost)
    assert len(rows) == min(score.shape)
    return float(score[rows, cols].astype(np.float64).sum())


def test_exact_on_a_synthetic_cohort_where_the_graph_needs_pricing() -> None:
    # 600 a side with the default rules: popular mentors make each mentee's first few choices
    # collide, so the first candidate graph is not enough and the certificate adds pairs.
    mentees, mentors = synthetic_sides(600, 600, seed=7)
    score = score_matrix(mentees, mentors, Weights())
    feas = feasibility(mentees, mentors, Rules()).mask
    result = assign(score, feas, mentors.capacity)
    assert len(result.pairs) == 600
    assert abs(result.total_score - _score_optimum(score, feas)) <= 1e-9 * result.total_score


def test_tiers_stay_exact_where_one_weight_would_round() -> None:
    # A tiny score difference under a priority tier: folded into one weight, a 1e-7 step
    # next to units of 1e8 is rounded away; solved tier by tier it decides the match.
    score = np.array([[0.5, 0.5 + 1e-7], [0.5, 0.5]], dtype=np.float64)
    prefs = Preferences(mentee_priority=np.array([1.0, 1.0]))
    result = assign(score, np.ones((2, 2), dtype=bool), np.array([1, 1]), prefs=prefs)
    assert result.pairs == ((0, 1), (1, 0))


@given(st.integers(0, 10_000), st.integers(1, 9), st.integers(2, 60))
@settings(max_examples=60, deadline=None)
def test_top_k_entries_are_each_rows_and_columns_best(seed, k, n) -> None:
    rng = np.random.default_rng(seed)
    values = np.round(rng.random((n, n + 3)) - 0.3, 2)  # ties and negatives on purpose
    allowed = rng.random(values.shape) < 0.6
    by_row, by_col = top_k_entries(values, allowed, k, columns=True)
    masked = np.where(allowed, values, -np.inf)
    for axis, found in ((1, by_row), (0, by_col)):
        lines = masked if axis == 1 else masked.T
        own, other = np.divmod(found, values.shape[1])
        if axis == 0:
            own, other = other, own
        for line, row in enumerate(lines):
            want = sorted(np.flatnonzero(np.isfinite(row)), key=lambda c: (-row[c], c))[:k]
            assert list(other[own == line]) == want


def test_score_matrix_is_the_weighted_sum_of_the_terms() -> None:
    mentees, mentors = synthetic_sides(70, 90, seed=3)
    mentees.slots[0] = False  # someone who gave no slots is not penalised
    weights = Weights(0.3, 0.1, 0.4, 0.2)
    expected = total_score(score_terms(mentees, mentors), weights)
    assert np.abs(score_matrix(mentees, mentors, weights) - expected).max() < 1e-6


def test_quota_on_the_sparse_path_is_certified_within_tolerance() -> None:
    mentees, mentors = synthetic_sides(300, 300, seed=5)
    score = score_matrix(mentees, mentors, Weights())
    feas = feasibility(mentees, mentors, Rules()).mask
    quota_mask = mentees.underrepresented[:, None] ^ mentors.underrepresented[None, :]
    free = assign(score, feas, mentors.capacity)
    base = sum(1 for e, m in free.pairs if quota_mask[e, m])
    result = assign_with_quota(score, feas, mentors.capacity, quota_mask, base + 6)
    assert result.feasible and result.achieved >= base + 6
    assert len(result.assignment.pairs) == len(free.pairs)  # the quota costs no pair here
    assert 0 <= result.gap <= 1e-4 * result.assignment.total_score
    assert result.assignment.total_score <= result.bound + 1e-9
    assert result.bound <= free.total_score + 1e-9


def test_doubled_graph_with_every_tier_prices_its_way_to_the_dense_optimum() -> None:
    # More mentees than mentor slots, capacities, priorities, choices and declines: every
    # tier runs on the doubled graph, past the size where the first graph is the whole one.
    rng = np.random.default_rng(11)
    mentees, mentors = synthetic_sides(260, 150, seed=11)
    score = score_matrix(mentees, mentors, Weights())
    feas = feasibility(mentees, mentors, Rules()).mask
    capacity = rng.integers(1, 3, 150)
    ranks = np.zeros(score.shape, dtype=int)
    for mentee in range(0, 260, 4):
        ranks[mentee, rng.choice(150, 3, replace=False)] = [1, 2, 3]
    prefs = Preferences(
        choice_rank=ranks,
        declined=rng.random(score.shape) < 0.05,
        mentee_priority=(rng.random(260) < 0.2).astype(float),
    )
    locked = ((1, int(np.flatnonzero(feas[1] & ~prefs.declined[1])[0])),)
    sparse = assign(score, feas, capacity, prefs=prefs, locked=locked)
    dense = assign_dense(score, feas, capacity, prefs=prefs, locked=locked)
    got, want = objective(sparse.pairs, score, prefs), objective(dense.pairs, score, prefs)
    _same_objective(got[:3], want[:3])
    assert got[3] >= want[3] - 1e-9  # the dense encoding can only lose score to rounding
    assert abs(got[3] - want[3]) < 1e-6
