"""Peer circles of mentors: the engine that proposes groups of 4-8 for the program lead.

It works on the matching engine's `Side` (the same arrays a match round uses) and reuses its
parts: topic overlap is matching's interests term (`score_terms`), "strong" is the skill level
matching's explanations call strong, and the hours a group can meet come from the working-day
windows sessions are planned against (`time_zones.shared_window`). A circle is only proposed
when every member is at work at the same time for at least one meeting's length.

Deterministic: the same pool and settings give the same circles, in the same order.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from upward.domain import time_zones
from upward.domain.matching.explain import STRONG, _names
from upward.domain.matching.model import TERMS, Side
from upward.domain.matching.scoring import score_terms

MIN_SIZE, MAX_SIZE, TARGET_SIZE = 4, 8, 6
MIXING_BONUS = 0.3  # what a new cohort in the circle is worth, against a topic overlap of 0-1
SHOWN = 3  # topics and skills named in a reason


@dataclass(frozen=True)
class Pool:
    """The mentors a lead can group: matching's arrays, plus what circles need beside them."""

    side: Side
    cohorts: tuple[str, ...]  # each person's cohort (its name)
    zones: tuple[str, ...]  # each person's IANA time zone
    topics: tuple[str, ...]  # names of side.interests' columns
    competencies: tuple[str, ...]  # names of side.skills' columns

    def __len__(self) -> int:
        return len(self.side)


@dataclass(frozen=True)
class Settings:
    day: date  # the day whose working hours are compared (clock changes move them)
    shown_zone: str  # the reader's zone, for the hours in the reasons
    meeting_minutes: int = 60
    min_size: int = MIN_SIZE
    max_size: int = MAX_SIZE
    target_size: int = TARGET_SIZE


@dataclass(frozen=True)
class Suggestion:
    members: tuple[int, ...]  # positions in the pool
    topics: tuple[str, ...]  # shared by at least two members, most shared first
    skills: tuple[str, ...]
    cohorts: tuple[str, ...]
    window: time_zones.Window
    name: str
    focus: str
    reason: str


@dataclass(frozen=True)
class Proposal:
    circles: tuple[Suggestion, ...]
    left_out: dict[int, str]  # position in the pool -> why nobody was grouped with them


Windows = dict[tuple[str, str], time_zones.Window | None]  # (zone, zone) -> shared hours


def suggest(pool: Pool, settings: Settings) -> Proposal:
    n = len(pool)
    if n < settings.min_size:
        why = f"There are fewer than {settings.min_size} mentors to group."
        return Proposal((), {i: why for i in range(n)})
    affinity = _affinity(pool)
    windows = _zone_windows(pool.zones, settings.day)
    reach = _reach(pool, windows, settings.meeting_minutes)
    order = sorted(range(n), key=lambda i: (reach[i], pool.side.keys[i]))  # hardest first
    too_few = (
        f"Fewer than {settings.min_size} mentors share their working hours for "
        f"{settings.meeting_minutes} minutes."
    )
    left_out = {i: too_few for i in order if reach[i] < settings.min_size}
    waiting = [i for i in order if i not in left_out]
    groups: list[list[int]] = []
    # Each pass groups whom it can; those it could not place try again among themselves.
    while len(waiting) >= settings.min_size:
        formed = _form(waiting, pool, affinity, windows, settings)
        if not formed:
            break
        groups += formed
        placed = {person for group in formed for person in group}
        waiting = [person for person in waiting if person not in placed]
    for person in waiting:
        left_out[person] = "No circle with room shares enough of their working hours."
    circles = [_describe(sorted(g), pool, windows, settings) for g in groups]
    circles.sort(key=lambda c: c.members)
    return Proposal(tuple(circles), dict(sorted(left_out.items())))


def _form(
    order: list[int], pool: Pool, affinity: np.ndarray, windows: Windows, settings: Settings
) -> list[list[int]]:
    """Circles of at least min_size from these people (hardest to place first)."""
    groups = _seed(pool, affinity, windows, settings, order)
    for person in order:
        if not any(person in group for group in groups):
            _place(person, groups, pool, affinity, windows, settings)
    groups, dissolved = _drop_small(groups, settings.min_size)
    for person in sorted(dissolved, key=order.index):
        _place(person, groups, pool, affinity, windows, settings)
    return groups


def _affinity(pool: Pool) -> np.ndarray:
    """How much two mentors have to swap notes on, 0-2: matching's topic overlap plus the
    same overlap (cosine) of the skills each is strong in."""
    topics = score_terms(pool.side, pool.side)[TERMS.index("interests")].astype(float)
    strong = (pool.side.skills >= STRONG).astype(float)
    norms = np.sqrt(strong.sum(axis=1))
    scaled = np.divide(strong, norms[:, None], out=np.zeros_like(strong), where=norms[:, None] > 0)
    return topics + scaled @ scaled.T


def _zone_windows(zones: tuple[str, ...], day: date) -> Windows:
    """The shared working hours of every two zones in the pool (few distinct zones, so few)."""
    distinct = sorted(set(zones))
    return {(a, b): time_zones.shared_window(day, a, b) for a in distinct for b in distinct}


def _group_window(
    members: list[int], zones: tuple[str, ...], windows: Windows
) -> time_zones.Window | None:
    """When every member is at work at once, seen from the first member's day, or None.
    Each shared window lies inside the first member's day, so intersecting them is exact."""
    anchor = zones[members[0]]
    start: datetime | None = None
    end: datetime | None = None
    for member in members:
        shared = windows[(anchor, zones[member])]
        if shared is None:
            return None
        start = shared.start if start is None else max(start, shared.start)
        end = shared.end if end is None else min(end, shared.end)
    assert start is not None and end is not None
    return time_zones.Window(start, end) if start < end else None


def _fits(members: list[int], pool: Pool, windows: Windows, minutes: int) -> bool:
    window = _group_window(members, pool.zones, windows)
    return window is not None and window.minutes >= minutes


def _reach(pool: Pool, windows: Windows, minutes: int) -> list[int]:
    """How many people (themselves included) each person could meet in working hours."""
    n = len(pool)
    return [sum(_fits([i, j], pool, windows, minutes) for j in range(n)) for i in range(n)]


def _group_count(n: int, settings: Settings) -> int:
    fewest = math.ceil(n / settings.max_size)
    most = n // settings.min_size
    return max(fewest, min(most, round(n / settings.target_size)))


def _seed(
    pool: Pool, affinity: np.ndarray, windows: Windows, settings: Settings, order: list[int]
) -> list[list[int]]:
    """One founding member per circle: the hardest to place, then each time the person who
    could least join the circles begun so far (no shared hours first, then least in common)."""
    groups = [[order[0]]]
    for _ in range(_group_count(len(order), settings) - 1):
        seeds = [group[0] for group in groups]

        def distance(person: int, seeds: list[int] = seeds) -> tuple[int, float, int]:
            can_meet = sum(
                _fits([s, person], pool, windows, settings.meeting_minutes) for s in seeds
            )
            closest = max(float(affinity[person, s]) for s in seeds)
            return (can_meet, closest, order.index(person))

        candidates = [p for p in order if p not in seeds]
        groups.append([min(candidates, key=distance)])
    return groups


def _place(
    person: int,
    groups: list[list[int]],
    pool: Pool,
    affinity: np.ndarray,
    windows: Windows,
    settings: Settings,
) -> bool:
    """Into the open circle they have most in common with, where the hours still work."""
    best: tuple[float, int] | None = None
    for index, group in enumerate(groups):
        if len(group) >= settings.max_size:
            continue
        if not _fits([*group, person], pool, windows, settings.meeting_minutes):
            continue
        together = float(np.mean([affinity[person, member] for member in group]))
        new_cohort = pool.cohorts[person] not in {pool.cohorts[m] for m in group}
        # Smaller circles fill first, so circles come out of similar size.
        score = together + MIXING_BONUS * new_cohort - 0.1 * len(group) / settings.max_size
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        return False
    groups[best[1]].append(person)
    return True


def _drop_small(groups: list[list[int]], min_size: int) -> tuple[list[list[int]], list[int]]:
    kept = [group for group in groups if len(group) >= min_size]
    dropped = [person for group in groups if len(group) < min_size for person in group]
    return kept, dropped


def _shared(columns: np.ndarray, names: tuple[str, ...]) -> tuple[str, ...]:
    """Columns at least two members hold, most held first (then by name)."""
    counts = columns.sum(axis=0)
    held = [(-int(counts[c]), names[c]) for c in np.flatnonzero(counts >= 2)]
    return tuple(name for _, name in sorted(held))


def _listing(names: tuple[str, ...]) -> str:
    """ "A, B and C", as matching's explanations list names."""
    return _names(np.arange(len(names)), names)


def _describe(members: list[int], pool: Pool, windows: Windows, settings: Settings) -> Suggestion:
    rows = np.array(members)
    topics = _shared(pool.side.interests[rows], pool.topics)
    skills = _shared(pool.side.skills[rows] >= STRONG, pool.competencies)
    cohorts = tuple(sorted({pool.cohorts[m] for m in members}))
    window = _group_window(members, pool.zones, windows)
    assert window is not None  # every placement checked it
    theme = topics[0] if topics else (skills[0] if skills else "What works")
    return Suggestion(
        members=tuple(members),
        topics=topics,
        skills=skills,
        cohorts=cohorts,
        window=window,
        name=f"{theme} circle",
        focus=f"Swapping what works on {_listing(topics[:2] or skills[:2] or ('mentoring',))}",
        reason=_reason(len(members), topics, skills, cohorts, window, settings.shown_zone),
    )


def _reason(
    size: int,
    topics: tuple[str, ...],
    skills: tuple[str, ...],
    cohorts: tuple[str, ...],
    window: time_zones.Window,
    zone: str,
) -> str:
    spread = (
        f"from {len(cohorts)} cohorts ({_listing(cohorts)})"
        if len(cohorts) > 1
        else f"all from {cohorts[0]}"
    )
    parts = [f"{size} mentors {spread}."]
    if topics:
        parts.append(f"Topics to swap notes on: {_listing(topics[:SHOWN])}.")
    if skills:
        parts.append(f"Several are strong in {_listing(skills[:SHOWN])}.")
    if not topics and not skills:
        parts.append("They share no listed topic, so each brings something new.")
    hours = window.minutes / 60
    parts.append(
        f"Everyone is at work between {time_zones.clock(window.start, zone)} and "
        f"{time_zones.clock(window.end, zone)} {time_zones.zone_name(window.start, zone)}: "
        f"{hours:g} hour{'' if hours == 1 else 's'} a day to meet."
    )
    return " ".join(parts)
