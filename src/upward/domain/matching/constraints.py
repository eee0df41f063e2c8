"""Hard constraints as boolean masks over (mentee, mentor), and the reason a person has no
feasible partner at all."""

from dataclasses import dataclass

import numpy as np

from upward.domain.matching.model import Rules, Side


@dataclass(frozen=True)
class Feasibility:
    mask: np.ndarray  # (mentees, mentors): True where a pair is allowed
    by_rule: dict[str, np.ndarray]


def _index_of(keys: tuple[str, ...], wanted: list[str]) -> np.ndarray:
    """Position of each wanted key in `keys`, -1 where absent (vectorised dictionary lookup)."""
    if not keys or not wanted:
        return np.full(len(wanted), -1)
    order = np.argsort(np.array(keys))
    sorted_keys = np.array(keys)[order]
    wanted_arr = np.array(wanted)
    at = np.minimum(np.searchsorted(sorted_keys, wanted_arr), len(keys) - 1)
    return np.where(sorted_keys[at] == wanted_arr, order[at], -1)


def _bosses(side: Side, depth: int) -> tuple[np.ndarray, list[str]]:
    """(person index, manager id) for every manager within `depth` levels above someone."""
    chains = [chain[:depth] for chain in side.ancestors]
    people = np.repeat(np.arange(len(side)), [len(chain) for chain in chains])
    return people, [boss for chain in chains for boss in chain]


def _chain_mask(mentees: Side, mentors: Side, depth: int) -> np.ndarray:
    """False where one is within `depth` levels above the other in the reporting line.

    Built from the ancestor lists (O(people x depth)), never by comparing every pair: the
    (person, boss) pairs found on the other side are cleared in one scatter.
    """
    allowed = np.ones((len(mentees), len(mentors)), dtype=bool)
    if depth == 0:
        return allowed
    mentors_below, bosses = _bosses(mentors, depth)
    boss_mentee = _index_of(mentees.person_ids, bosses)
    found = boss_mentee >= 0
    allowed[boss_mentee[found], mentors_below[found]] = False
    mentees_below, bosses = _bosses(mentees, depth)
    boss_mentor = _index_of(mentors.person_ids, bosses)
    found = boss_mentor >= 0
    allowed[mentees_below[found], boss_mentor[found]] = False
    return allowed


def _exclusion_mask(mentees: Side, mentors: Side, rules: Rules) -> np.ndarray:
    allowed = np.ones((len(mentees), len(mentors)), dtype=bool)
    pairs = sorted(rules.exclusions)
    mentee = _index_of(mentees.keys, [e for e, _ in pairs])
    mentor = _index_of(mentors.keys, [m for _, m in pairs])
    found = (mentee >= 0) & (mentor >= 0)
    allowed[mentee[found], mentor[found]] = False
    return allowed


def _time_zone_mask(mentees: Side, mentors: Side, max_gap: float) -> np.ndarray:
    """Offsets within max_gap hours, around the date line. There are few distinct offsets, so
    the test runs on their table (in float64, exactly) and is then read out per pair."""
    zones, codes = np.unique(
        np.concatenate([mentees.utc_offsets, mentors.utc_offsets]), return_inverse=True
    )
    gap = np.abs(zones[:, None] - zones[None, :])
    table = np.minimum(gap, 24 - gap) <= max_gap
    return table[:, codes[len(mentees) :]][codes[: len(mentees)]]  # row copies, not a 2-D gather


def _department_codes(mentees: Side, mentors: Side) -> tuple[np.ndarray, np.ndarray]:
    """Departments as integers, so the comparison is on numbers, not Python strings."""
    _, codes = np.unique(np.array(mentees.departments + mentors.departments), return_inverse=True)
    return codes[: len(mentees)], codes[len(mentees) :]


def feasibility(mentees: Side, mentors: Side, rules: Rules) -> Feasibility:
    shape = (len(mentees), len(mentors))
    with np.errstate(invalid="ignore"):  # a missing level (NaN) compares False: never allowed
        level = np.greater_equal.outer(mentees.levels - rules.min_level_gap, mentors.levels)
    by_rule = {
        "level_gap": level,
        "reporting_chain": _chain_mask(mentees, mentors, rules.chain_depth),
        "time_zone": _time_zone_mask(mentees, mentors, rules.max_tz_gap_hours),
        "capacity": np.broadcast_to(mentors.capacity[None, :] > 0, shape),
        "exclusions": _exclusion_mask(mentees, mentors, rules),
    }
    if rules.exclude_same_department:
        mentee_dept, mentor_dept = _department_codes(mentees, mentors)
        by_rule["same_department"] = np.not_equal.outer(mentee_dept, mentor_dept)
    mask = by_rule["level_gap"].copy()
    for rule, allowed in by_rule.items():
        if rule != "level_gap":
            mask &= allowed
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
