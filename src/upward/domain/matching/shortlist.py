"""Shortlists: the top-k mentors each mentee is shown, optionally with an exposure cap so a
popular mentor is not on everyone's list.

The capped version is a b-matching (each mentee gets k mentors, each mentor appears at most
`cap` times). It is solved by Lagrangian pricing: mentors that are over-exposed get a price
that lowers their appeal, mentees re-pick, and a final pass in rotated order enforces the cap
exactly. The uncapped top-k total is an upper bound, so the loss from capping is reported.
"""

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from upward.domain.matching.topk import top_k_entries


@dataclass(frozen=True)
class Shortlists:
    mentors: tuple[tuple[int, ...], ...]  # per mentee, best first
    exposure: np.ndarray  # how many shortlists each mentor is on
    total: float  # sum of scores shown
    bound: float  # the uncapped top-k total: nothing capped can beat it


def _masked(score: np.ndarray, feasible: np.ndarray) -> np.ndarray:
    return np.where(feasible, score, -np.inf)


def _top(values: np.ndarray, k: int) -> np.ndarray:
    k = min(k, values.shape[1])
    if k == 0:
        return np.empty((values.shape[0], 0), dtype=int)
    part = np.argpartition(-values, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(values, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def top_k(score: np.ndarray, feasible: np.ndarray, k: int) -> Shortlists:
    """Each mentee's k best allowed mentors (ties: lower index first), by group thresholds
    rather than a full sort (topk.py)."""
    n_e, n_m = score.shape
    picked, _ = top_k_entries(score, feasible, k)
    mentees, mentors = np.divmod(picked, n_m)
    bounds = [0, *np.cumsum(np.bincount(mentees, minlength=n_e)).tolist()]
    flat = mentors.tolist()  # Python ints, as callers store and serialise them
    lists = tuple(tuple(flat[a:b]) for a, b in pairwise(bounds))
    exposure = np.bincount(mentors, minlength=n_m)
    total = float(score.ravel()[picked].astype(np.float64).sum())
    return Shortlists(lists, exposure, total, total)


def capped_shortlists(
    score: np.ndarray,
    feasible: np.ndarray,
    k: int,
    cap: int,
    *,
    rotation: int = 0,
    iterations: int = 6,
    pool: int = 4,
) -> Shortlists:
    """Pricing and repair work on a pool of each mentee's `pool * k` best candidates, taken
    once: a mentor outside someone's pool would never beat the ones inside it by much."""
    n_m = score.shape[1]
    masked = _masked(score, feasible)
    candidates = _top(masked, min(n_m, pool * k))
    values = np.take_along_axis(masked, candidates, axis=1)
    best = values[:, :k].astype(np.float64)
    bound = float(np.where(np.isfinite(best), best, 0).sum())
    price = np.zeros(n_m)
    step = 0.5 / max(k, 1)
    for round_ in range(iterations):
        order = np.argsort(-(values - price[candidates]), axis=1, kind="stable")[:, :k]
        picks = np.take_along_axis(candidates, order, axis=1)
        valid = np.isfinite(np.take_along_axis(values, order, axis=1))
        over = np.bincount(picks[valid], minlength=n_m) - cap
        if (over <= 0).all():
            break
        price = price + step / (round_ + 1) * (over > 0)
    lists = _repair(candidates, values - price[candidates], masked, k, cap, rotation)
    exposure = np.bincount([i for row in lists for i in row], minlength=n_m)
    total = float(sum(score[j, i] for j, row in enumerate(lists) for i in row))
    return Shortlists(lists, exposure, total, bound)


def _repair(
    candidates: np.ndarray,
    adjusted: np.ndarray,
    masked: np.ndarray,
    k: int,
    cap: int,
    rotation: int,
) -> tuple[tuple[int, ...], ...]:
    """Fill each list in a rotated order, skipping mentors at their cap."""
    n_e, n_m = masked.shape
    exposure = np.zeros(n_m, dtype=int)
    lists: list[tuple[int, ...]] = [()] * n_e
    ranked = np.take_along_axis(candidates, np.argsort(-adjusted, axis=1, kind="stable"), axis=1)
    for j in np.roll(np.arange(n_e), -rotation % max(n_e, 1)):
        chosen = _pick(ranked[j], masked[j], exposure, k, cap)
        if len(chosen) < k and candidates.shape[1] < n_m:  # rare: look beyond the pool
            chosen = _pick(np.argsort(-masked[j], kind="stable"), masked[j], exposure, k, cap)
        exposure[list(chosen)] += 1
        lists[j] = tuple(sorted(chosen, key=lambda i: -masked[j, i]))
    return tuple(lists)


def _pick(order: np.ndarray, row: np.ndarray, exposure: np.ndarray, k: int, cap: int) -> list[int]:
    chosen: list[int] = []
    for i in order:
        if len(chosen) == k:
            break
        if np.isfinite(row[i]) and exposure[i] < cap:
            chosen.append(int(i))
    return chosen
