"""Stable mode: deferred acceptance on the same scores, and the blocking-pair audit.

A blocking pair is a mentee and a mentor, allowed together, who both score each other higher
than what they were given; zero blocking pairs means nobody would rather swap.
"""

import heapq

import numpy as np

from upward.domain.matching.assignment import Assignment, Pairs, assignment_of


def stable_assign(score: np.ndarray, feasible: np.ndarray, capacity: np.ndarray) -> Assignment:
    """Mentee-proposing deferred acceptance; each side prefers higher scores."""
    n_e, n_m = score.shape
    masked = np.where(feasible, score, -np.inf)
    preference = np.argsort(-masked, axis=1, kind="stable")
    allowed_count = feasible.sum(axis=1)
    next_choice = np.zeros(n_e, dtype=int)
    held: list[list[tuple[float, int]]] = [[] for _ in range(n_m)]  # min-heaps per mentor
    free = [j for j in range(n_e) if allowed_count[j]]
    while free:
        mentee = free.pop()
        if next_choice[mentee] >= allowed_count[mentee]:
            continue
        mentor = int(preference[mentee, next_choice[mentee]])
        next_choice[mentee] += 1
        heap = held[mentor]
        heapq.heappush(heap, (float(score[mentee, mentor]), mentee))
        if len(heap) > capacity[mentor]:
            _, rejected = heapq.heappop(heap)
            free.append(rejected)
    pairs = tuple(
        sorted((mentee, mentor) for mentor, heap in enumerate(held) for _, mentee in heap)
    )
    return assignment_of(score, pairs, n_e, n_m)


def blocking_pairs(
    pairs: Pairs, score: np.ndarray, feasible: np.ndarray, capacity: np.ndarray
) -> int:
    n_e, n_m = score.shape
    mentee_has = np.full(n_e, -np.inf)
    matched = np.zeros((n_e, n_m), dtype=bool)
    mentor_scores: list[list[float]] = [[] for _ in range(n_m)]
    for e, m in pairs:
        mentee_has[e] = score[e, m]
        matched[e, m] = True
        mentor_scores[m].append(float(score[e, m]))
    # A mentor with room accepts anyone; a full one only someone better than their worst.
    mentor_worst = np.array(
        [
            (min(held) if held else np.inf) if len(held) >= capacity[m] else -np.inf
            for m, held in enumerate(mentor_scores)
        ]
    )
    blocking = (
        feasible
        & ~matched
        & (score > mentee_has[:, None])
        & (score > mentor_worst[None, :])
        & (capacity[None, :] > 0)
    )
    return int(blocking.sum())
