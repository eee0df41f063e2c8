"""A cohort's sections computed from its loaded rows (dataset.CohortData), in pure Python.

Confidential survey aggregates obey the wave's minimum group size and the privacy floor; each
section lists the answers behind its confidential figures ("_release" units) for the ledger,
which decides at read time what may be shown.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from statistics import mean
from typing import Any

from upward.domain.metrics.change import paired_change
from upward.domain.metrics.dataset import CohortData, PairRow, RatingRow, ResponseRow
from upward.domain.metrics.proportions import rate
from upward.domain.metrics.record import (
    PRIVACY_FLOOR,
    Metric,
    Status,
    mde_sentence,
    rounded_mean,
)
from upward.domain.metrics.scores import enps_metric, mean_metric
from upward.domain.smart_goal import Track, progress
from upward.domain.surveys.flags import response_rate
from upward.domain.surveys.instruments import favourable_share

HELD, CANCELLED, PROPOSED, SCHEDULED = "held", "cancelled", "proposed", "scheduled"
CHANGE_WAVES = ("baseline", "pulse", "quarterly", "close")


def release_unit(paths: list[list[str]], **sets: dict[str, list[str]]) -> dict[str, Any]:
    """Figures that go out together or not at all (surveys/release.py decides at read time):
    the paths of the figures in this section, and per measure the sets of answers behind them
    as the ledger names them. Stripped from every payload before anyone sees it."""
    return {
        "paths": paths,
        "candidates": [{"measure": measure, "groups": groups} for measure, groups in sets.items()],
    }


# The pairs' rhythm and goals


def _track(pair: PairRow, cohort_start: date, today: date) -> str:
    goal = pair.goal
    if goal is None:
        return "no_goal"
    found = progress(
        baseline=goal.baseline,
        target=goal.target,
        current=goal.current,
        start=pair.started_on or cohort_start,
        deadline=goal.deadline,
        today=today,
    )
    return found.track.value


def rhythm_section(data: CohortData, today: date) -> dict[str, Any]:
    pairs = data.pairs
    start_of_cohort = data.cohort.start
    held: Counter[int] = Counter()
    due: Counter[int] = Counter()
    hours = 0.0
    for session in data.sessions:
        if session.starts_at.date() <= today and session.status != CANCELLED:
            due[session.pair_id] += 1
        if session.status == HELD:
            held[session.pair_id] += 1
            hours += (session.held_minutes or 60) / 60
    per_30 = []
    for pair in pairs:
        start = pair.started_on or start_of_cohort
        end = min(pair.ended_on or today, today)
        days = max((end - start).days, 1)
        per_30.append(30 * held[pair.id] / days)
    tracks: Counter[str] = Counter(_track(pair, start_of_cohort, today) for pair in pairs)
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


def response_section(data: CohortData) -> list[dict[str, Any]]:
    return [
        {
            "wave": w.label,
            "kind": w.kind,
            "opens_on": w.opens_on.isoformat(),
            "invited": w.invited,
            "answered": w.answered,
            "rate": response_rate(w.invited, w.answered),
        }
        for w in data.waves
        if w.state != SCHEDULED
    ]


# Survey scores


def _scores_by_participant(
    data: CohortData, key: str, kinds: tuple[str, ...]
) -> dict[int, list[tuple[date, float, str]]]:
    found: dict[int, list[tuple[date, float, str]]] = defaultdict(list)
    for response in data.responses:
        if response.instrument_key != key or response.participant_id is None:
            continue
        wave = data.wave(response.wave_id)
        if response.score is not None and wave.kind in kinds:
            found[response.participant_id].append((wave.opens_on, response.score, response.token))
    return found


def change_section(data: CohortData, key: str, what: str) -> dict[str, Any]:
    """First against last answer per person (people with both only)."""
    series = _scores_by_participant(data, key, CHANGE_WAVES)
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


def _bounds(response: ResponseRow) -> tuple[float, float]:
    return float(response.spec.scale_min), float(response.spec.scale_max)


def _latest_pulse_wave(data: CohortData) -> int | None:
    answered = {r.wave_id for r in data.responses}
    waves = [w for w in data.waves if "pair_safety" in w.instrument_keys and w.id in answered]
    if not waves:
        return None
    return max(waves, key=lambda w: w.opens_on).id


def psych_safety_section(data: CohortData) -> dict[str, Any]:
    flagged = data.safety_flagged_pairs
    latest_id = _latest_pulse_wave(data)
    if latest_id is None:
        return {
            "score": Metric.insufficient(
                0, "Partnership pulse", "No pulse answered yet."
            ).as_dict(),
            "flagged_pairs": flagged,
        }
    latest = data.wave(latest_id)
    responses = [
        r
        for r in data.responses
        if r.wave_id == latest_id and r.instrument_key == "pair_safety" and r.score is not None
    ]
    k = max(latest.min_group_size, PRIVACY_FLOOR)
    method = f"Partnership pulse ({latest.label}), 1-7 scores"
    if len(responses) < k:
        return {
            "score": Metric.suppressed(len(responses), method).as_dict(),
            "flagged_pairs": flagged,
            "wave": latest.label,
        }
    scores = [r.score for r in responses if r.score is not None]
    favourable = favourable_share(responses[0].spec, [r.answers for r in responses])
    band = "green" if favourable >= 0.75 else "amber" if favourable >= 0.6 else "red"
    score = mean_metric(scores, method, bounds=_bounds(responses[0])).rounded()
    answered = sorted(r.token for r in responses if r.score is not None)
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


def mentor_effectiveness(data: CohortData) -> dict[str, Any]:
    responses = [r for r in data.responses if r.instrument_key == "mentor_rating"]
    k = min((w.min_group_size for w in data.waves), default=5)
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
                    "all": sorted(r.token for r in responses if r.score is not None)
                }
            },
        )
    ]
    if enps is not None and enps.value is not None:
        units.append(
            release_unit(
                [["enps"]],
                **{"mentor_rating:item:recommend_mentor": {"all": _tokens(recommending)}},
            )
        )
    return {
        "score": mean_metric(scores, method, bounds=_bounds(responses[0])).rounded().as_dict(),
        "enps": None if enps is None else enps.as_dict(),
        "_release": units,
    }


def _tokens(rows: Iterable[ResponseRow | RatingRow]) -> list[str]:
    return sorted(r.token for r in rows)


# Skills


def skills_section(ratings: Iterable[RatingRow]) -> list[dict[str, Any]]:
    table: dict[tuple[int, str, str], dict[str, int]] = defaultdict(dict)
    names: dict[tuple[int, str, str], dict[str, str]] = defaultdict(dict)
    for r in ratings:
        table[(r.employee_id, r.competency, r.rater_kind)][r.phase] = r.level
        names[(r.employee_id, r.competency, r.rater_kind)][r.phase] = r.token
    return [_skill_row(competency, table, names) for competency in sorted({c for _, c, _ in table})]


def _skill_row(
    competency: str,
    table: dict[tuple[int, str, str], dict[str, int]],
    names: dict[tuple[int, str, str], dict[str, str]],
) -> dict[str, Any]:
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
        if c == competency and kind == "partner" and "close" in v and "close" in selfs.get(e, {})
    ]
    gaps = [selfs[e]["close"] - table[(e, competency, "partner")]["close"] for e in gapped]
    rated = [
        names[key] for key, v in table.items() if key[1:] == (competency, "partner") and len(v) == 2
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
                        "close": sorted(names[(e, competency, "partner")]["close"] for e in gapped)
                    },
                    f"skill:{competency}:self": {
                        "close": sorted(names[(e, competency, "self")]["close"] for e in gapped)
                    },
                },
            )
        )
    return {
        "competency": competency,
        "change": change.as_dict(),
        "attained": rate(attained, len(partner), "Up at least one level (partner-rated)").as_dict(),
        "calibration_gap": rounded_mean(mean(gaps)) if len(gaps) >= PRIVACY_FLOOR else None,
        "_release": units,
    }


SKILLS_OVERALL = (
    "Partner-rated skill level, per person: each person's mean change over the skills rated "
    "before and after"
)


def skills_overall(ratings: Iterable[RatingRow], employee_tokens: dict[int, str]) -> dict[str, Any]:
    """Partner-rated level before and after, per person: a person's skills are not independent
    of each other, so the unit is the person (their mean over the skills rated at both ends)."""
    table: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for r in ratings:
        if r.rater_kind == "partner":
            table[(r.employee_id, r.competency_id)][r.phase] = r.level
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
        rated = sorted(employee_tokens[pk] for pk in people)
        section["_release"] = [
            release_unit(
                [["change"], ["before"], ["after"]],
                **{"skills:partner-overall": {"before": rated, "after": rated}},
            )
        ]
    return section
