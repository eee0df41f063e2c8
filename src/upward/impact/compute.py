"""One cohort's metrics, computed from the database into a JSON payload of aggregates.

Every figure is a `Metric` record (value, interval, n, method, status). Confidential survey
aggregates obey the wave's minimum group size; HRIS outcomes are aggregated for both sides of
the pair, because junior mentors' retention and promotion are half of the value.
"""

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Q

from upward.domain.metrics import controls, heatmap, sections
from upward.domain.metrics.proportions import rate_difference
from upward.domain.metrics.record import Metric
from upward.domain.metrics.results import (
    RESULTS_VERSION,
    SIDES,
    CohortResults,
    CurvePoint,
    Topics,
)
from upward.domain.metrics.survival import logrank_p, retention, survival_at
from upward.impact import loader
from upward.impact.outcomes import YEAR, Outcome, outcomes, promotion_section, retained_at
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant

CAVEAT = (
    "People who volunteer differ from those who do not, and matching covers only what the HRIS "
    "records (department, level, tenure)."
)


def _person(employee: Employee) -> controls.Person:
    department = employee.department.name if employee.department else "No department"
    division = (employee.department.division or department) if employee.department else department
    return controls.Person(
        id=employee.pk,
        department=department,
        division=division,
        level=employee.level or 0,
        hire_date=employee.hire_date or date(1970, 1, 1),
        exit_date=employee.exit_date,
    )


def _index_date(pair: Pair) -> date:
    return pair.started_on or pair.cohort.start_date


def participants_by_side(cohort: Cohort) -> dict[str, dict[int, date]]:
    """Employee id -> index date (the pair's start), for members of pairs that started."""
    sides: dict[str, dict[int, date]] = {"mentor": {}, "mentee": {}}
    pairs = cohort.pairs.exclude(state=Pair.State.PROPOSED).select_related(
        "mentor", "mentee", "cohort"
    )
    for pair in pairs:
        sides["mentor"].setdefault(pair.mentor.employee_id, _index_date(pair))
        sides["mentee"].setdefault(pair.mentee.employee_id, _index_date(pair))
    return sides


def control_pool(levels: set[int], first: date, last: date) -> list[controls.Person]:
    """Everyone who never took part, at the participants' levels, employed at some point
    between the first and last index date (plain tuples: this can be tens of thousands)."""
    ever = Participant.objects.values("employee_id")
    rows = (
        Employee.objects.exclude(pk__in=ever)
        .filter(level__in=levels, hire_date__lte=last)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=first))
        .values_list(
            "pk", "level", "hire_date", "exit_date", "department__name", "department__division"
        )
        # A fixed order: which control matches whom must not depend on the database's whim
        # (SQLite and PostgreSQL returned these rows in different orders and matched others).
        .order_by("pk")
    )
    pool = []
    for pk, level, hired, left, department, division in rows.iterator(chunk_size=10_000):
        if hired is None:  # no tenure to match on (the filter already drops them)
            continue
        unit = department or "No department"
        pool.append(controls.Person(pk, unit, division or unit, level or 0, hired, left))
    return pool


Pools = dict[tuple[frozenset[int], date, date], list[controls.Person]]


def _matching(side: dict[int, date], pools: Pools) -> controls.Matches:
    people = {
        e.pk: _person(e) for e in Employee.objects.filter(pk__in=side).select_related("department")
    }
    treated = [controls.Treated(people[pk], day) for pk, day in side.items() if pk in people]
    key = (frozenset(p.level for p in people.values()), min(side.values()), max(side.values()))
    if key not in pools:  # cohorts of a program refresh that share levels and dates share it
        pools[key] = control_pool(set(key[0]), key[1], key[2])
    return controls.match(treated, pools[key])


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


def retention_section(side: dict[int, date], today: date, pools: Pools) -> dict[str, Any]:
    matches = _matching(side, pools)
    mine = outcomes({int(str(pk)): side[int(str(pk))] for pk in matches.controls}, today)
    theirs = outcomes({int(str(pk)): day for pk, day in matches.index_dates.items()}, today)
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
        "matching": {
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
        },
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


def skills_overall(cohort: Cohort) -> dict[str, Any]:
    """The cohort's partner-rated level before and after (as the results page shows it)."""
    ratings = loader.load_ratings(cohort)
    return sections.skills_overall(ratings, loader.employee_tokens(ratings))


def heatmap_section(
    cohort_ids: list[int], today: date, found: list[heatmap.Mention] | None = None
) -> Topics:
    found = loader.mentions(cohort_ids) if found is None else found
    by_month, by_department = heatmap.views(found)
    return Topics(
        by_month,
        by_department,
        heatmap.emerging(found, today),
        # The mentions in shown cells only: the total of all would give the hidden ones' sum.
        sum(c.count or 0 for c in by_month),
    )


def gather_release(payload: Any, path: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Take every section's release units out of the payload, their paths made absolute."""
    found: list[dict[str, Any]] = []
    if isinstance(payload, dict):
        for unit in payload.pop("_release", None) or []:
            found.append({**unit, "paths": [[*path, *p] for p in unit["paths"]]})
        for key, value in payload.items():
            found += gather_release(value, (*path, key))
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            found += gather_release(value, (*path, index))
    return found


def compute_cohort(cohort: Cohort, today: date, pools: Pools | None = None) -> CohortResults:
    payload = _compute_cohort(cohort, today, pools)
    # What each confidential figure is made of, for the release ledger at read time.
    payload["_release"] = gather_release(payload)
    payload["version"] = RESULTS_VERSION
    return CohortResults.from_dict(payload)


def _compute_cohort(cohort: Cohort, today: date, pools: Pools | None) -> dict[str, Any]:
    data = loader.load_cohort(cohort)
    sides = participants_by_side(cohort)
    pools = {} if pools is None else pools
    return {
        "cohort": {
            "id": data.cohort.public_id,
            "name": data.cohort.name,
            "start": data.cohort.start.isoformat(),
            "end": data.cohort.end.isoformat(),
        },
        "today": today.isoformat(),
        "rhythm": sections.rhythm_section(data, today),
        "responses": sections.response_section(data),
        "retention": {
            side: retention_section(sides[side], today, pools) for side, _ in SIDES if sides[side]
        },
        "engagement": sections.change_section(data, "engagement", "Engagement (1-5)"),
        "psych_safety": sections.psych_safety_section(data),
        "pulse_change": sections.change_section(data, "pair_safety", "Partnership pulse (1-7)"),
        "mentor_effectiveness": sections.mentor_effectiveness(data),
        "skills": sections.skills_section(data.ratings),
        "skills_overall": sections.skills_overall(data.ratings, data.employee_tokens),
        "topics": heatmap_section([cohort.pk], today, list(data.mentions)).to_dict(),
    }
