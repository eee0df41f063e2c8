"""Why a pair was proposed, in plain words, from the same numbers that scored it."""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.model import TERMS, Side, Weights

STRONG = 4  # "uses alone" or "can teach others" on the competency scale


@dataclass(frozen=True)
class Explanation:
    score: float
    parts: dict[str, float]  # each term's weighted contribution to the score
    reasons: tuple[str, ...]


def _names(indices: np.ndarray, names: tuple[str, ...]) -> str:
    """Every name, as a sentence would list them ("A, B and C"): a reason the reader cannot
    see in full is no reason (a cut "and 1 more" hid the very skill someone wanted)."""
    listed = [names[i] for i in indices]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def explain(
    mentee: int,
    mentor: int,
    mentees: Side,
    mentors: Side,
    terms: np.ndarray,
    weights: Weights,
    competencies: tuple[str, ...],
    topics: tuple[str, ...],
    *,
    reveal_diversity: bool = False,
) -> Explanation:
    """reveal_diversity stays False wherever a person (not an aggregate) is shown: the term
    comes from self-declared attributes that nobody but their owner may see."""
    w = weights.as_array() / weights.as_array().sum()
    parts = {term: float(w[t] * terms[t, mentee, mentor]) for t, term in enumerate(TERMS)}
    reasons = [_skills(mentees.wants[mentee], mentors.skills[mentor], competencies)]
    shared = np.flatnonzero(mentees.interests[mentee] & mentors.interests[mentor])
    if len(shared):
        reasons.append(
            f"Shares {len(shared)} interest{'s' if len(shared) > 1 else ''}: "
            f"{_names(shared, topics)}."
        )
    gap = abs(float(mentees.utc_offsets[mentee] - mentors.utc_offsets[mentor]))
    gap = min(gap, 24 - gap)
    reasons.append(
        "Same time zone."
        if gap == 0
        else f"Time zones {gap:g} hour{'s' if gap != 1 else ''} apart."
    )
    if not reveal_diversity:
        # Leave the term out of the shown parts and score alike: a visible remainder would
        # tell the reader that someone in the pair declared an under-represented identity.
        del parts["diversity"]
    elif mentees.underrepresented[mentee] or mentors.underrepresented[mentor]:
        reasons.append("Counts toward the program's diversity priority.")
    return Explanation(score=sum(parts.values()), parts=parts, reasons=tuple(reasons))


def _skills(wants: np.ndarray, skills: np.ndarray, names: tuple[str, ...]) -> str:
    wanted = np.flatnonzero(wants > 0)
    if not len(wanted):
        return "The mentee listed no skills to learn yet."
    covered = wanted[skills[wanted] >= STRONG]
    covered = covered[np.argsort(-skills[covered], kind="stable")]
    if not len(covered):
        return f"Covers none of the {len(wanted)} skills the mentee wants at a strong level."
    return (
        f"Covers {len(covered)} of {len(wanted)} skills the mentee wants: {_names(covered, names)}."
    )
