"""One cohort's metrics, computed from the database into a JSON payload of aggregates.

Every figure is a `Metric` record (value, interval, n, method, status). Confidential survey
aggregates obey the wave's minimum group size; HRIS outcomes are aggregated for both sides of
the pair, because junior mentors' retention and promotion are half of the value.
"""

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from statistics import mean
from typing import Any

from django.db.models import Q

from upward.competencies.models import SkillRating
from upward.domain.metrics import controls, heatmap
from upward.domain.metrics.change import paired_change
from upward.domain.metrics.proportions import rate, rate_difference
from upward.domain.metrics.record import (
    PRIVACY_FLOOR,
    Metric,
    Status,
    mde_sentence,
    rounded_mean,
)
from upward.domain.metrics.results import (
    RESULTS_VERSION,
    SIDES,
    CohortResults,
    CurvePoint,
    Topics,
)
from upward.domain.metrics.scores import enps_metric, mean_metric
from upward.domain.metrics.survival import logrank_p, retention, survival_at
from upward.domain.smart_goal import Track
from upward.domain.surveys.flags import response_rate
from upward.flags.models import Flag
from upward.impact.outcomes import YEAR, Outcome, outcomes, promotion_section, retained_at
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant
from upward.surveys.models import Response, Wave
from upward.surveys.release import token, tokens
from upward.workspace.models import Session
from upward.workspace.selectors import goal_track

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


def release_unit(paths: list[list[str]], **sets: dict[str, list[str]]) -> dict[str, Any]:
    """Figures that go out together or not at all (surveys/release.py decides at read time):
    the paths of the figures in this section, and per measure the sets of answers behind them
    as the ledger names them. Stripped from every payload before anyone sees it."""
    return {
        "paths": paths,
        "candidates": [{"measure": measure, "groups": groups} for measure, groups in sets.items()],
    }


def _scores_by_participant(
    cohort: Cohort, key: str, kinds: tuple[str, ...]
) -> dict[int, list[tuple[date, float, str]]]:
    rows = Response.objects.filter(
        wave__cohort=cohort,
        instrument__key=key,
        participant__isnull=False,
        score__isnull=False,
        wave__kind__in=kinds,
    ).values_list("participant_id", "wave__opens_on", "score", "id")
    found: dict[int, list[tuple[date, float, str]]] = defaultdict(list)
    for participant, day, score, pk in rows:
        if score is not None:
            found[participant].append((day, score, token("response", pk)))
    return found


def change_section(cohort: Cohort, key: str, what: str) -> dict[str, Any]:
    """First against last answer per person (people with both only)."""
    series = _scores_by_participant(cohort, key, ("baseline", "pulse", "quarterly", "close"))
    pairs = [sorted(values) for values in series.values() if len({v[0] for v in values}) >= 2]
    pre = [values[0][1] for values in pairs]
    post = [values[-1][1] for values in pairs]
    metric = paired_change(pre, post, what).rounded()
    section: dict[str, Any] = {
        "change": metric.as_dict(),
        "before": rounded_mean(mean(pre)) if len(pre) >= PRIVACY_FLOOR else None,
        "after": rounded_mean(mean(post)) if len(post) >= PRIVACY_FLOOR else None,
        "mde": mde_sentence(len(pre), "people") if len(pre) >= 2 else "",
    }
    if len(pre) >= PRIVACY_FLOOR:
        # The change is the after minus the before: the three go out together or not at all.
        groups = {
            "before": sorted(values[0][2] for values in pairs),
            "after": sorted(values[-1][2] for values in pairs),
        }
        section["_release"] = [
            release_unit([["change"], ["before"], ["after"]], **{f"{key}:score": groups})
        ]
    return section


def psych_safety_section(cohort: Cohort) -> dict[str, Any]:
    latest = (
        Wave.objects.filter(
            cohort=cohort, parts__instrument__key="pair_safety", responses__isnull=False
        )
        .order_by("-opens_on")
        .first()
    )
    flagged = (
        Flag.objects.filter(cohort=cohort, reason__in=["low_safety", "safety_drop"])
        .values("pair")
        .distinct()
        .count()
    )
    if latest is None:
        return {
            "score": Metric.insufficient(
                0, "Partnership pulse", "No pulse answered yet."
            ).as_dict(),
            "flagged_pairs": flagged,
        }
    responses = list(
        Response.objects.filter(
            wave=latest, instrument__key="pair_safety", score__isnull=False
        ).select_related("instrument")
    )
    k = max(latest.min_group_size, PRIVACY_FLOOR)
    method = f"Partnership pulse ({latest.label}), 1-7 scores"
    if len(responses) < k:
        return {
            "score": Metric.suppressed(len(responses), method).as_dict(),
            "flagged_pairs": flagged,
            "wave": latest.label,
        }
    spec = responses[0].instrument.spec
    from upward.domain.surveys.instruments import favourable_share

    scores = [r.score for r in responses if r.score is not None]
    favourable = favourable_share(spec, [r.answers for r in responses])
    band = "green" if favourable >= 0.75 else "amber" if favourable >= 0.6 else "red"
    score = mean_metric(scores, method, bounds=_bounds(responses[0])).rounded()
    answered = tokens("response", (r.pk for r in responses if r.score is not None))
    return {
        "score": score.as_dict(),
        "favourable": round(favourable, 2),
        "band": band,
        "flagged_pairs": flagged,
        "wave": latest.label,
        "_release": [
            release_unit(
                [["score"], ["favourable"], ["band"]], **{"pair_safety:score": {"all": answered}}
            )
        ],
    }


def _bounds(response: Response) -> tuple[float, float]:
    spec = response.instrument.spec
    return float(spec.scale_min), float(spec.scale_max)


def mentor_effectiveness(cohort: Cohort) -> dict[str, Any]:
    responses = list(
        Response.objects.filter(
            wave__cohort=cohort, instrument__key="mentor_rating"
        ).select_related("instrument")
    )
    k = min((w.min_group_size for w in Wave.objects.filter(cohort=cohort)), default=5)
    method = "Mentees' ratings of their mentors, cohort level only, 1-5 scores"
    scores = [r.score for r in responses if r.score is not None]
    if len(scores) < max(k, PRIVACY_FLOOR):
        return {"score": Metric.suppressed(len(scores), method).as_dict(), "enps": None}
    recommending = [r for r in responses if isinstance(r.answers.get("recommend_mentor"), int)]
    recommend = [int(r.answers["recommend_mentor"]) for r in recommending]
    enps = enps_metric(recommend, "Recommend my mentor (eNPS)").rounded() if recommend else None
    units = [
        release_unit(
            [["score"]],
            **{
                "mentor_rating:score": {
                    "all": tokens("response", (r.pk for r in responses if r.score is not None))
                }
            },
        )
    ]
    if enps is not None and enps.value is not None:
        units.append(
            release_unit(
                [["enps"]],
                **{
                    "mentor_rating:item:recommend_mentor": {
                        "all": tokens("response", (r.pk for r in recommending))
                    }
                },
            )
        )
    return {
        "score": mean_metric(scores, method, bounds=_bounds(responses[0])).rounded().as_dict(),
        "enps": None if enps is None else enps.as_dict(),
        "_release": units,
    }


def skills_section(cohort: Cohort) -> list[dict[str, Any]]:
    ratings = SkillRating.objects.filter(
        cohort=cohort, phase__in=["baseline", "close"]
    ).values_list("employee_id", "competency__name", "rater_kind", "phase", "level", "pk")
    table: dict[tuple[int, str, str], dict[str, int]] = defaultdict(dict)
    names: dict[tuple[int, str, str], dict[str, str]] = defaultdict(dict)
    for employee, competency, kind, phase, level, pk in ratings:
        table[(employee, competency, kind)][phase] = level
        names[(employee, competency, kind)][phase] = token("skill-rating", pk)
    rows = []
    for competency in sorted({c for _, c, _ in table}):
        partner = [
            v
            for (e, c, kind), v in table.items()
            if c == competency and kind == "partner" and len(v) == 2
        ]
        selfs = {e: v for (e, c, kind), v in table.items() if c == competency and kind == "self"}
        change = paired_change(
            [v["baseline"] for v in partner],
            [v["close"] for v in partner],
            f"{competency}, partner-rated",
        ).rounded()
        attained = sum(1 for v in partner if v["close"] - v["baseline"] >= 1)
        gapped = [
            e
            for (e, c, kind), v in table.items()
            if c == competency
            and kind == "partner"
            and "close" in v
            and "close" in selfs.get(e, {})
        ]
        gaps = [selfs[e]["close"] - table[(e, competency, "partner")]["close"] for e in gapped]
        rated = [
            names[key]
            for key, v in table.items()
            if key[1:] == (competency, "partner") and len(v) == 2
        ]
        units = []
        if len(partner) >= PRIVACY_FLOOR:
            before = sorted(n["baseline"] for n in rated)
            after = sorted(n["close"] for n in rated)
            units.append(
                release_unit(
                    [["change"], ["attained"]],
                    **{f"skill:{competency}:partner": {"before": before, "after": after}},
                )
            )
        if len(gaps) >= PRIVACY_FLOOR:
            # Self minus partner at close: a combination of both raters' close ratings.
            units.append(
                release_unit(
                    [["calibration_gap"]],
                    **{
                        f"skill:{competency}:partner": {
                            "close": sorted(
                                names[(e, competency, "partner")]["close"] for e in gapped
                            )
                        },
                        f"skill:{competency}:self": {
                            "close": sorted(names[(e, competency, "self")]["close"] for e in gapped)
                        },
                    },
                )
            )
        rows.append(
            {
                "competency": competency,
                "change": change.as_dict(),
                "attained": rate(
                    attained, len(partner), "Up at least one level (partner-rated)"
                ).as_dict(),
                "calibration_gap": rounded_mean(mean(gaps)) if len(gaps) >= PRIVACY_FLOOR else None,
                "_release": units,
            }
        )
    return rows


SKILLS_OVERALL = (
    "Partner-rated skill level, per person: each person's mean change over the skills rated "
    "before and after"
)


def skills_overall(cohort: Cohort) -> dict[str, Any]:
    """Partner-rated level before and after, per person: a person's skills are not independent
    of each other, so the unit is the person (their mean over the skills rated at both ends)."""
    ratings = SkillRating.objects.filter(
        cohort=cohort, phase__in=["baseline", "close"], rater_kind="partner"
    ).values_list("employee_id", "competency_id", "phase", "level")
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for employee, competency, phase, level in ratings:
        table[(employee, competency)][phase] = level
    people: dict[int, list[dict[str, int]]] = defaultdict(list)
    for (employee, _), levels in sorted(table.items()):
        if len(levels) == 2:
            people[employee].append(levels)
    pre = [mean(v["baseline"] for v in rows) for _, rows in sorted(people.items())]
    post = [mean(v["close"] for v in rows) for _, rows in sorted(people.items())]
    section: dict[str, Any] = {
        "change": paired_change(pre, post, SKILLS_OVERALL).rounded().as_dict(),
        "before": rounded_mean(mean(pre)) if len(pre) >= PRIVACY_FLOOR else None,
        "after": rounded_mean(mean(post)) if len(post) >= PRIVACY_FLOOR else None,
        "people": len(pre),
        "ratings": sum(len(rows) for rows in people.values()),
    }
    if len(pre) >= PRIVACY_FLOOR:
        rated = tokens("employee", people)
        section["_release"] = [
            release_unit(
                [["change"], ["before"], ["after"]],
                **{"skills:partner-overall": {"before": rated, "after": rated}},
            )
        ]
    return section


def rhythm_section(cohort: Cohort, today: date) -> dict[str, Any]:
    pairs = list(cohort.pairs.exclude(state=Pair.State.PROPOSED).select_related("cohort"))
    sessions = Session.objects.filter(pair__cohort=cohort).values_list(
        "pair_id", "status", "starts_at", "held_minutes"
    )
    held: Counter[int] = Counter()
    due: Counter[int] = Counter()
    hours = 0.0
    for pair_id, status, starts_at, minutes in sessions:
        if starts_at.date() <= today and status != Session.Status.CANCELLED:
            due[pair_id] += 1
        if status == Session.Status.HELD:
            held[pair_id] += 1
            hours += (minutes or 60) / 60
    per_30 = []
    for pair in pairs:
        start = pair.started_on or cohort.start_date
        end = min(pair.ended_on or today, today)
        days = max((end - start).days, 1)
        per_30.append(30 * held[pair.pk] / days)
    tracks: Counter[str] = Counter()
    for pair in pairs:
        progress = goal_track(pair, today)
        tracks[progress.track.value if progress else "no_goal"] += 1
    total_due, total_held = sum(due.values()), sum(held.values())
    states = Counter(p.state for p in pairs)
    reached = tracks[Track.DONE.value]
    with_goal = len(pairs) - tracks["no_goal"]
    return {
        "pairs": len(pairs),
        "states": dict(states),
        "sessions_held": total_held,
        "hours_held": round(hours, 1),
        "adherence": (total_held / total_due) if total_due else None,
        "meetings_per_30_days": mean(per_30) if per_30 else None,
        "tracks": dict(tracks),
        "goal_attainment": goal_attainment(reached, with_goal, tracks[Track.ON_TRACK.value]),
    }


GOAL_REACHED = "Pairs that have reached their goal's target"


def goal_attainment(reached: int, with_goal: int, on_track: int) -> dict[str, Any] | None:
    """Reached means the target was met (the goal's track is done); pairs merely on track are
    not counted, only mentioned."""
    if not with_goal:
        return None
    metric = rate(reached, with_goal, GOAL_REACHED)
    if metric.status is Status.SUPPRESSED:
        return metric.as_dict()
    note = (
        f"{reached} of {with_goal} pairs with a goal have reached its target; "
        f"{on_track} more are on track."
    )
    return replace(metric, note=note).as_dict()


def response_section(cohort: Cohort) -> list[dict[str, Any]]:
    return [
        {
            "wave": w.label,
            "kind": w.kind,
            "opens_on": w.opens_on.isoformat(),
            "invited": w.invited,
            "answered": w.answered,
            "rate": response_rate(w.invited, w.answered),
        }
        for w in cohort.waves.exclude(state=Wave.State.SCHEDULED)
    ]


def mentions(cohort_ids: list[int]) -> list[heatmap.Mention]:
    rows = Session.tags.through.objects.filter(session__pair__cohort_id__in=cohort_ids).values_list(
        "tag__name",
        "session__starts_at",
        "session__pair_id",
        "session__pair__mentee__employee__department__name",
    )
    return [
        heatmap.Mention(tag, starts.date(), pair, department or "No department")
        for tag, starts, pair, department in rows
    ]


def heatmap_section(cohort_ids: list[int], today: date) -> Topics:
    found = mentions(cohort_ids)
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
    sides = participants_by_side(cohort)
    pools = {} if pools is None else pools
    return {
        "cohort": {
            "id": str(cohort.public_id),
            "name": cohort.name,
            "start": cohort.start_date.isoformat(),
            "end": cohort.end_date.isoformat(),
        },
        "today": today.isoformat(),
        "rhythm": rhythm_section(cohort, today),
        "responses": response_section(cohort),
        "retention": {
            side: retention_section(sides[side], today, pools) for side, _ in SIDES if sides[side]
        },
        "engagement": change_section(cohort, "engagement", "Engagement (1-5)"),
        "psych_safety": psych_safety_section(cohort),
        "pulse_change": change_section(cohort, "pair_safety", "Partnership pulse (1-7)"),
        "mentor_effectiveness": mentor_effectiveness(cohort),
        "skills": skills_section(cohort),
        "skills_overall": skills_overall(cohort),
        "topics": heatmap_section([cohort.pk], today).to_dict(),
    }
