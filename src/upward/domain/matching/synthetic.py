"""Synthetic cohorts for benchmarks and tests: juniors strong on emerging skills, leaders
wanting them, spread over time zones and a reporting tree."""

import numpy as np

from upward.domain.matching.model import Side

OFFSETS = np.array([-8.0, -5.0, -5.0, 0.0, 0.0, 1.0, 1.0, 1.0, 5.5, 8.0])


def synthetic_sides(
    n_mentees: int,
    n_mentors: int,
    *,
    competencies: int = 20,
    topics: int = 12,
    slots: int = 21,
    seed: int = 0,
) -> tuple[Side, Side]:
    rng = np.random.default_rng(seed)
    people = n_mentees + n_mentors
    # A reporting tree: person p reports to someone with a smaller index (0 is the root).
    managers = np.concatenate([[-1], rng.integers(0, np.arange(1, people))])
    ids = [f"P{p}" for p in range(people)]

    def ancestors(p: int) -> tuple[str, ...]:
        chain: list[str] = []
        node = int(managers[p])
        while node >= 0 and len(chain) < 6:
            chain.append(ids[node])
            node = int(managers[node])
        return tuple(chain)

    def side(index: np.ndarray, *, senior: bool) -> Side:
        n = len(index)
        skills = rng.integers(1, 6, size=(n, competencies)).astype(float)
        if not senior:
            skills[:, : competencies // 2] = np.minimum(5, skills[:, : competencies // 2] + 1)
        wants = (rng.random((n, competencies)) < (0.2 if senior else 0.0)).astype(float)
        return Side(
            keys=tuple(f"{'E' if senior else 'M'}{p}" for p in index),
            person_ids=tuple(ids[p] for p in index),
            levels=rng.integers(7, 11, n).astype(float)
            if senior
            else rng.integers(1, 5, n).astype(float),
            departments=tuple(f"D{d}" for d in rng.integers(0, 12, n)),
            utc_offsets=rng.choice(OFFSETS, n),
            skills=skills,
            wants=wants,
            interests=rng.random((n, topics)) < 0.3,
            slots=rng.random((n, slots)) < 0.4,
            underrepresented=rng.random(n) < 0.3,
            ancestors=tuple(ancestors(int(p)) for p in index),
            capacity=np.ones(n, dtype=int),
            priority=np.zeros(n),
        )

    order = rng.permutation(people)
    return side(order[:n_mentees], senior=True), side(order[n_mentees:], senior=False)
