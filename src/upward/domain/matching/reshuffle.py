"""Mid-pilot reshuffle: re-match the people of chosen pairs; every other pair stays put."""

import numpy as np

from upward.domain.matching.assignment import Pairs, Preferences, assign


def reshuffle(
    score: np.ndarray,
    feasible: np.ndarray,
    capacity: np.ndarray,
    current: Pairs,
    chosen: set[int],
    *,
    prefs: Preferences | None = None,
) -> tuple[Pairs, Pairs]:
    """Returns (kept pairs, new pairs). Old partners are never paired again.

    Only the chosen pairs' mentees are re-matched, among the chosen pairs' mentors and any
    mentor with spare capacity; the sub-problem is small, so this is fast at any cohort size.
    """
    kept = tuple(pair for index, pair in enumerate(current) if index not in chosen)
    freed = [current[index] for index in sorted(chosen)]
    used = np.bincount([m for _, m in kept], minlength=len(capacity))
    spare = np.maximum(np.asarray(capacity) - used, 0)
    mentees = np.array(sorted({e for e, _ in freed}), dtype=int)
    mentors = np.flatnonzero(spare > 0)
    if not len(mentees) or not len(mentors):
        return kept, ()
    sub_feasible = feasible[np.ix_(mentees, mentors)].copy()
    for e, m in freed:  # old partners are excluded
        sub_feasible[np.searchsorted(mentees, e), np.searchsorted(mentors, m)] = False
    sub_prefs = None
    if prefs and prefs.mentee_priority is not None:
        sub_prefs = Preferences(mentee_priority=prefs.mentee_priority[mentees])
    result = assign(score[np.ix_(mentees, mentors)], sub_feasible, spare[mentors], prefs=sub_prefs)
    new = tuple((int(mentees[e]), int(mentors[m])) for e, m in result.pairs)
    return kept, new
