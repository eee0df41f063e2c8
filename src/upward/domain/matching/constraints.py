"""Hard constraints as boolean masks over (mentee, mentor), and the reason a person has no
feasible partner at all."""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.model import Rules, Side


@dataclass(frozen=True)
class Feasibility:
    mask: np.ndarray  # (mentees, mentors): True where a pair is allowed
    by_rule: dict[str, np.ndarray]


def _chain_mask(mentees: Side, mentors: Side, depth: int) -> np.ndarray:
    """False where one is within `depth` levels above the other in the reporting line.

    Built from the ancestor lists (O(people x depth)), never by comparing every pair.
    """
    allowed = np.ones((len(mentees), len(mentors)), dtype=bool)
    if depth == 0:
        return allowed
    mentee_at = {pid: j for j, pid in enumerate(mentees.person_ids)}
    mentor_at = {pid: i for i, pid in enumerate(mentors.person_ids)}
    for i, chain in enumerate(mentors.ancestors):
        for boss in chain[:depth]:
            if boss in mentee_at:
                allowed[mentee_at[boss], i] = False
    for j, chain in enumerate(mentees.ancestors):
        for boss in chain[:depth]:
            if boss in mentor_at:
                allowed[j, mentor_at[boss]] = False
    return allowed


def _exclusion_mask(mentees: Side, mentors: Side, rules: Rules) -> np.ndarray:
    allowed = np.ones((len(mentees), len(mentors)), dtype=bool)
    mentee_at = {key: j for j, key in enumerate(mentees.keys)}
    mentor_at = {key: i for i, key in enumerate(mentors.keys)}
    for mentee, mentor in rules.exclusions:
        if mentee in mentee_at and mentor in mentor_at:
            allowed[mentee_at[mentee], mentor_at[mentor]] = False
    return allowed


def feasibility(mentees: Side, mentors: Side, rules: Rules) -> Feasibility:
    shape = (len(mentees), len(mentors))
    with np.errstate(invalid="ignore"):
        level = mentors.levels[None, :] <= mentees.levels[:, None] - rules.min_level_gap
    gap = np.abs(mentees.utc_offsets[:, None] - mentors.utc_offsets[None, :])
    by_rule = {
        "level_gap": level & ~np.isnan(mentees.levels)[:, None] & ~np.isnan(mentors.levels),
        "reporting_chain": _chain_mask(mentees, mentors, rules.chain_depth),
        "time_zone": np.minimum(gap, 24 - gap) <= rules.max_tz_gap_hours,
        "capacity": np.broadcast_to(mentors.capacity[None, :] > 0, shape),
        "exclusions": _exclusion_mask(mentees, mentors, rules),
    }
    if rules.exclude_same_department:
        departments = np.array(mentors.departments, dtype=object)
        by_rule["same_department"] = (
            np.array(mentees.departments, dtype=object)[:, None] != departments[None, :]
        )
    mask = np.logical_and.reduce(list(by_rule.values()))
    return Feasibility(mask=mask, by_rule=by_rule)


_MENTEE_REASONS = {
    "level_gap": "no mentor is at least {gap} levels junior (or their level is not recorded)",
    "reporting_chain": "every possible mentor is in their reporting line",
    "time_zone": "no mentor works within {tz:g} hours of their time zone",
    "capacity": "every mentor is full",
    "exclusions": "every possible mentor was excluded",
    "same_department": "every possible mentor is in their own department",
}
_MENTOR_REASONS = {
    "level_gap": "no mentee is at least {gap} levels senior (or their level is not recorded)",
    "reporting_chain": "every possible mentee is in their reporting line",
    "time_zone": "no mentee works within {tz:g} hours of their time zone",
    "capacity": "their capacity is 0",
    "exclusions": "every possible mentee was excluded",
    "same_department": "every possible mentee is in their own department",
}


def infeasible_reasons(feas: Feasibility, rules: Rules, *, axis: int) -> dict[int, str]:
    """For each person (axis 0: mentees, 1: mentors) with no allowed partner, why not."""
    texts = _MENTEE_REASONS if axis == 0 else _MENTOR_REASONS
    other = 1 - axis
    reasons = {}
    for index in np.flatnonzero(~feas.mask.any(axis=other)):
        blocking = [
            rule for rule, mask in feas.by_rule.items() if not np.take(mask, index, axis=axis).any()
        ]
        if blocking:
            text = "; ".join(texts[rule] for rule in blocking)
        else:
            text = (
                "no single rule rules everyone out, but together "
                + ", ".join(rule.replace("_", " ") for rule in feas.by_rule)
                + " leave no one"
            )
        reasons[int(index)] = text.format(gap=rules.min_level_gap, tz=rules.max_tz_gap_hours)
    return reasons
