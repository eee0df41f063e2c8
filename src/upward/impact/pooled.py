"""The program's view: pooled across cohorts, the before/after table, ROI and the comparison.

Retention of one 8-12 pair cohort cannot show an effect (MEASUREMENT.md 3.1); pooling the
matched sets of every cohort is how evidence accumulates. The pooled comparison keeps each
person's own index date; log-rank is added from 30 per arm.
"""

from datetime import date
from typing import Any

from upward.domain.metrics.proportions import rate_difference, stratified_difference
from upward.domain.metrics.record import Metric, Status
from upward.domain.metrics.roi import Inputs, roi
from upward.domain.metrics.survival import logrank_p
from upward.domain.program_design import KPI_CATALOGUE
from upward.impact.compute import SIDES, curve, heatmap_section
from upward.impact.models import BusinessMeasurement, CohortResult, ImpactSettings
from upward.impact.outcomes import (
    FOLLOW_UP_RULE,
    PROMOTED,
    YEAR,
    Outcome,
    outcomes,
    promoted_in_year,
    promotion_section,
    retained_at,
)
from upward.programs.models import Program


def _rows(raw: dict[str, str]) -> list[tuple[int, date]]:
    return [(int(pk), date.fromisoformat(day)) for pk, day in raw.items()]


def pooled_retention(results: list[CohortResult], side: str, today: date) -> dict[str, Any]:
    """Every cohort's matched comparison, stacked: a person (a control matched in two cohorts,
    say) counts once per comparison they belong to, each time from that comparison's index
    date. This one record feeds the table, the cards, the chart and its caption."""
    mine: list[Outcome] = []
    theirs: list[Outcome] = []
    strata: list[tuple[int, int, int, int]] = []
    promotion_strata: list[tuple[int, int, int, int]] = []
    for result in results:
        ids = result.payload.get("retention", {}).get(side, {}).get("matched_ids")
        if ids:
            cohort_p = outcomes(_rows(ids["participants"]), today)
            cohort_c = outcomes(_rows(ids["controls"]), today)
            mine += cohort_p
            theirs += cohort_c
            strata.append(retained_at(cohort_p, YEAR) + retained_at(cohort_c, YEAR))
            promotion_strata.append(promoted_in_year(cohort_p)[:2] + promoted_in_year(cohort_c)[:2])
    kept_p, n_p = retained_at(mine, YEAR)
    kept_c, n_c = retained_at(theirs, YEAR)
    what = "Retained at 12 months, pooled across cohorts"
    rule = f"{what} ({FOLLOW_UP_RULE})"
    difference = (
        rate_difference(kept_p, n_p, kept_c, n_c, rule)
        if n_p and n_c
        else Metric.insufficient(n_p, rule, "No cohort has been followed for 12 months yet.")
    )
    promotion = promotion_section(mine, theirs, PROMOTED + ", pooled across cohorts")
    promotion["stratified"] = _stratified(promotion_strata, PROMOTED).as_dict()
    followed_for = max((o.followed_days for o in (*mine, *theirs)), default=0)
    return {
        "difference": difference.as_dict(),
        "stratified": _stratified(strata, "Retained at 12 months").as_dict(),
        "promotion": promotion,
        "horizon_days": YEAR,
        "counts": {"participants": [kept_p, n_p], "controls": [kept_c, n_c]},
        "comparisons": {"participants": len(mine), "controls": len(theirs)},
        "not_yet_followed": {
            "participants": sum(1 for o in mine if o.followed_days < YEAR),
            "controls": sum(1 for o in theirs if o.followed_days < YEAR),
        },
        "curves": {
            "participants": curve(mine, min(YEAR, followed_for)),
            "controls": curve(theirs, min(YEAR, followed_for)),
        },
        "cohorts": sum(1 for r in results if r.payload.get("retention", {}).get(side)),
        "logrank_p": logrank_p([o.spell for o in mine], [o.spell for o in theirs])
        if min(len(mine), len(theirs)) >= 30
        else None,
    }


def _stratified(strata: list[tuple[int, int, int, int]], what: str) -> Metric:
    followed = [s for s in strata if s[1] and s[3]]
    if not followed:
        return Metric.insufficient(
            0, f"{what}, stratified by cohort", "No cohort followed 12 months yet."
        )
    return stratified_difference(followed, what)


def compute_program(program: Program, today: date) -> dict[str, Any]:
    results = list(CohortResult.objects.filter(cohort__program=program).select_related("cohort"))
    return {
        "today": today.isoformat(),
        "pooled": {side: pooled_retention(results, side, today) for side, _ in SIDES},
        "topics": heatmap_section([r.cohort_id for r in results], today),
    }


CHANGE_KIND = {"share": "pp", "difference": "pp", "rate": "pct"}


def _row(
    label: str,
    before: float | None,
    after: float | None,
    change: dict[str, Any] | None,
    unit: str = "",
    *,
    columns: tuple[str, str] = ("Before", "After"),
    counts: tuple[list[int] | None, list[int] | None] = (None, None),
) -> dict[str, Any]:
    """One row of the table. `columns` names what the two value columns hold for this row
    (before and after, or matched controls and participants); `counts` are the (k, n) behind
    a share, printed beside it."""
    return {
        "metric": label,
        "before": before,
        "after": after,
        "change": change,
        "unit": unit,
        "change_kind": CHANGE_KIND.get(unit, "signed"),
        "before_label": columns[0],
        "after_label": columns[1],
        "before_counts": counts[0],
        "after_counts": counts[1],
    }


COMPARISON = ("Matched controls", "Participants")


def _share(counts: list[int] | None) -> float | None:
    return counts[0] / counts[1] if counts and counts[1] else None


def _latest(payloads: list[dict[str, Any]], *path: str) -> dict[str, Any]:
    """The most recent cohort's section along `path` that has a value to show."""
    for payload in reversed(payloads):
        section: Any = payload
        for key in path:
            section = (section or {}).get(key) if isinstance(section, dict) else None
        if isinstance(section, dict) and section.get("value") is not None:
            return payload
    return payloads[-1] if payloads else {}


def before_after(
    program: Program, cohort_payloads: list[dict[str, Any]], pooled: dict[str, Any]
) -> list[dict[str, Any]]:
    """The seeds' table for the KPIs the program chose: baseline, after, change with interval,
    each from the most recent cohort that can show it (retention pooled across cohorts)."""
    rows = []
    for kpi in program.kpis or []:
        label = KPI_CATALOGUE.get(kpi, kpi)
        if kpi == "retention_vs_control":
            mentor = pooled.get("mentor", {})
            counts = mentor.get("counts", {})
            rows.append(
                _row(
                    label + " (junior mentors, pooled)",
                    _share(counts.get("controls")),
                    _share(counts.get("participants")),
                    mentor.get("difference"),
                    "share",
                    columns=COMPARISON,
                    counts=(counts.get("controls"), counts.get("participants")),
                )
            )
        elif kpi in ("engagement_change", "psychological_safety", "skill_attainment"):
            key, unit = {
                "engagement_change": ("engagement", "1-5"),
                "psychological_safety": ("pulse_change", "1-7"),
                "skill_attainment": ("skills_overall", "levels"),
            }[kpi]
            source = _latest(cohort_payloads, key, "change")
            section = source.get(key, {})
            name = source.get("cohort", {}).get("name", "")
            rows.append(
                _row(
                    f"{label} ({name})",
                    section.get("before"),
                    section.get("after"),
                    section.get("change"),
                    unit,
                )
            )
        elif kpi == "goal_attainment":
            source = _latest(cohort_payloads, "rhythm", "goal_attainment")
            metric = (source.get("rhythm") or {}).get("goal_attainment")
            tracks = (source.get("rhythm") or {}).get("tracks") or {}
            with_goal = sum(v for k, v in tracks.items() if k != "no_goal")
            name = source.get("cohort", {}).get("name", "")
            rows.append(
                _row(
                    f"{label} ({name})" if name else label,
                    None,
                    metric["value"] if metric else None,
                    metric,
                    "rate",
                    columns=("Before", "Reached"),
                    counts=(None, [tracks.get("done", 0), with_goal] if metric else None),
                )
            )
        elif kpi == "response_rate":
            waves = [
                w for p in cohort_payloads for w in p.get("responses", []) if w["rate"] is not None
            ]
            rows.append(
                _row(
                    label,
                    waves[0]["rate"] if waves else None,
                    waves[-1]["rate"] if waves else None,
                    None,
                    "share",
                )
            )
        elif kpi == "promotion_rate":
            promotion = pooled.get("mentor", {}).get("promotion") or {}
            counts = promotion.get("counts", {})
            rows.append(
                _row(
                    label + " (junior mentors vs controls, pooled)",
                    _share(counts.get("controls")),
                    _share(counts.get("participants")),
                    promotion.get("difference"),
                    "share",
                    columns=COMPARISON,
                    counts=(counts.get("controls"), counts.get("participants")),
                )
            )
        elif kpi == "business_metric":
            rows.append(_business_row(program))
        if rows and "kpi" not in rows[-1]:
            rows[-1]["kpi"] = kpi  # which KPI the row is, for the summary
    return rows


def _business_row(program: Program) -> dict[str, Any]:
    """The last measurement on or before the start against the latest one. Two numbers, so no
    interval: the row says so instead of inventing one."""
    values = list(BusinessMeasurement.objects.filter(program=program))
    label = program.business_metric or "Business metric"
    unit = program.business_metric_unit
    before = [v for v in values if v.measured_on <= program.start_date]
    after = [v for v in values if v.measured_on > program.start_date]
    if not before or not after:
        return _row(label, before[-1].value if before else None, None, None, unit)
    first, last = before[-1], after[-1]
    change = Metric(
        last.value - first.value,
        None,
        None,
        2,
        2,
        "Latest measurement minus the last one before the program; one measurement each, "
        "so no interval",
        Status.LOW_N,
    )
    return _row(label, first.value, last.value, change.as_dict(), unit)


def roi_section(
    program: Program, pooled: dict[str, Any], hours: float, pairs: int, people: tuple[int, int]
) -> dict[str, Any] | None:
    settings, _ = ImpactSettings.objects.get_or_create(program=program)
    difference = pooled.get("mentor", {}).get("difference") or {}
    if difference.get("value") is None or difference.get("ci_low") is None:
        return {
            "available": False,
            "reason": difference.get("note") or "No retention comparison yet.",
            "settings": settings,
        }
    counts = pooled["mentor"]["counts"]["participants"]
    result = roi(
        Inputs(
            pairs=pairs,
            meeting_hours=hours,
            trained_juniors=people[0],
            trained_seniors=people[1],
            participants=counts[1],
            retention_difference=(difference["ci_low"], difference["value"], difference["ci_high"]),
        ),
        settings.assumptions(),
    )
    return {"available": True, "result": result, "settings": settings}
