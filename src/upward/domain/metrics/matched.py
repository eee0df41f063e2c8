"""Retention against matched controls, from the rows impact/loader.py read (`RetentionData`).

For each side of the pairs: the members (index date: their pair's start) are matched to people
who never took part (domain/metrics/controls.py), then both groups are followed from the same
index dates: Kaplan-Meier retention, the share retained at the horizon with its difference, the
curves, promotions, and how the matching went. Pure Python, no second trip to the database.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from upward.domain.metrics import controls
from upward.domain.metrics.dataset import CohortData, EmployeeRow, RetentionData
from upward.domain.metrics.outcomes import YEAR, Outcome, follow, promotion_section, retained_at
from upward.domain.metrics.proportions import rate_difference
from upward.domain.metrics.record import Metric
from upward.domain.metrics.results import CurvePoint
from upward.domain.metrics.survival import logrank_p, retention, survival_at

CAVEAT = (
    "People who volunteer differ from those who do not, and matching covers only what the HRIS "
    "records (department, level, tenure)."
)
NO_HIRE_DATE = date(1970, 1, 1)

Side = dict[int, date]


def participants_by_side(data: CohortData) -> dict[str, Side]:
    """Employee id -> index date (the pair's start), for members of pairs that started; someone
    in two pairs takes the first pair's date (the pairs come in their start order)."""
    sides: dict[str, Side] = {"mentor": {}, "mentee": {}}
    for pair in data.pairs:
        day = pair.started_on or data.cohort.start
        sides["mentor"].setdefault(pair.mentor_employee_id, day)
        sides["mentee"].setdefault(pair.mentee_employee_id, day)
    return sides


def person(row: EmployeeRow) -> controls.Person:
    unit = row.department or "No department"
    return controls.Person(
        row.id,
        unit,
        row.division or unit,
        row.level or 0,
        row.hire_date or NO_HIRE_DATE,
        row.exit_date,
    )


def _window(members: list[EmployeeRow], days: list[date]) -> tuple[frozenset[int], date, date]:
    return frozenset(person(m).level for m in members), min(days), max(days)


def pool_window(
    sides: Mapping[str, Side], people: Mapping[int, EmployeeRow]
) -> tuple[frozenset[int], date, date] | None:
    """The one control pool both sides draw from: every side's levels, employed at some point
    between the first and the last index date (None without members)."""
    days = [day for side in sides.values() for day in side.values()]
    if not days:
        return None
    members = [people[pk] for side in sides.values() for pk in side if pk in people]
    return _window(members, days)


def candidates(
    side: Side, people: Mapping[int, EmployeeRow], pool: tuple[EmployeeRow, ...]
) -> list[EmployeeRow]:
    """This side's own pool out of the shared one: its members' levels, employed at some point
    between its first and last index date, in the pool's order (by id)."""
    levels, first, last = _window([people[pk] for pk in side if pk in people], list(side.values()))
    return [
        row
        for row in pool
        if row.level in levels
        and row.hire_date is not None  # no tenure to match on
        and row.hire_date <= last
        and (row.exit_date is None or row.exit_date > first)
    ]


def horizon(items: list[Outcome], today: date) -> int:
    """12 months, or the longest follow-up so far: no extrapolation."""
    if not items:
        return 0
    return min(YEAR, max((today - o.index_date).days for o in items))


def curve(items: list[Outcome], until: int) -> list[CurvePoint]:
    if not items or not any(o.spell.event for o in items):
        step = max(until // 6, 1)
        return [CurvePoint(float(d), 1.0, banded=False) for d in range(0, until + 1, step)]
    spells = [o.spell for o in items]
    points = []
    for day in range(0, until + 1, max(until // 12, 1)):
        value, low, high = survival_at(spells, float(day))
        points.append(CurvePoint(float(day), value, low, high))
    return points


def _matching_summary(matches: controls.Matches) -> dict[str, Any]:
    return {
        "method": matches.method,
        "matched": len(matches.controls),
        "controls": len(matches.control_ids),
        "unmatched": len(matches.unmatched),
        "coarsened": dict(Counter(matches.coarsened.values())),
        "balance": [
            {
                "covariate": b.covariate,
                "treated": b.treated_mean,
                "controls": b.control_mean,
                "smd": b.smd,
            }
            for b in matches.balance
        ],
    }


def match_side(side: Side, data: RetentionData) -> tuple[controls.Matches, dict[int, EmployeeRow]]:
    """The side's members matched to its pool; with the pool's rows by id, for their outcomes."""
    people = data.people
    treated = [
        controls.Treated(person(people[pk]), day) for pk, day in side.items() if pk in people
    ]
    pool = candidates(side, people, data.pool)
    return controls.match(treated, [person(row) for row in pool]), {row.id: row for row in pool}


def retention_section(side: Side, data: RetentionData, today: date) -> dict[str, Any]:
    matches, pool = match_side(side, data)
    mine = follow({int(str(pk)): side[int(str(pk))] for pk in matches.controls}, data.people, today)
    theirs = follow({int(str(pk)): day for pk, day in matches.index_dates.items()}, pool, today)
    days = horizon(mine, today)
    kept_p, n_p = retained_at(mine, days)
    kept_c, n_c = retained_at(theirs, days)
    what = f"Retained {days} days after starting" if days < YEAR else "Retained at 12 months"
    difference = (
        rate_difference(kept_p, n_p, kept_c, n_c, what)
        if n_p and n_c
        else Metric.insufficient(n_p, what, "No one followed long enough yet.")
    )
    section: dict[str, Any] = {
        "horizon_days": days,
        "participants": retention([o.spell for o in mine], float(days), what).as_dict(),
        "controls": retention([o.spell for o in theirs], float(days), what).as_dict(),
        "difference": difference.as_dict(),
        "counts": {"participants": [kept_p, n_p], "controls": [kept_c, n_c]},
        "curves": {
            "participants": [p.to_dict() for p in curve(mine, days)],
            "controls": [p.to_dict() for p in curve(theirs, days)],
        },
        "matching": _matching_summary(matches),
        "caveat": CAVEAT,
    }
    if len(mine) >= 30 and len(theirs) >= 30:
        section["logrank_p"] = logrank_p([o.spell for o in mine], [o.spell for o in theirs])
    section["promotion"] = promotion_section(mine, theirs).to_dict()
    section["matched_ids"] = {
        "participants": {str(pk): side[int(str(pk))].isoformat() for pk in matches.controls},
        "controls": {str(pk): day.isoformat() for pk, day in matches.index_dates.items()},
    }
    return section


def retention_sections(data: RetentionData, today: date, sides: tuple[str, ...]) -> dict[str, Any]:
    """Every side with members, in the order given."""
    return {
        side: retention_section(data.sides[side], data, today)
        for side in sides
        if data.sides.get(side)
    }
