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
from upward.impact.compute import SIDES, heatmap_section
from upward.impact.models import BusinessMeasurement, CohortResult, ImpactSettings
from upward.impact.outcomes import YEAR, outcomes, retained_at
from upward.programs.models import Program


def _dates(raw: dict[str, str]) -> dict[int, date]:
    return {int(pk): date.fromisoformat(day) for pk, day in raw.items()}


def pooled_retention(results: list[CohortResult], side: str, today: date) -> dict[str, Any]:
    participants: dict[int, date] = {}
    controls: dict[int, date] = {}
    strata: list[tuple[int, int, int, int]] = []
    for result in results:
        ids = result.payload.get("retention", {}).get(side, {}).get("matched_ids")
        if ids:
            cohort_p, cohort_c = _dates(ids["participants"]), _dates(ids["controls"])
            participants |= cohort_p
            controls |= cohort_c
            strata.append(
                retained_at(outcomes(cohort_p, today), YEAR)
                + retained_at(outcomes(cohort_c, today), YEAR)
            )
    mine, theirs = outcomes(participants, today), outcomes(controls, today)
    kept_p, n_p = retained_at(mine, YEAR)
    kept_c, n_c = retained_at(theirs, YEAR)
    what = "Retained at 12 months, pooled across cohorts"
    difference = (
        rate_difference(kept_p, n_p, kept_c, n_c, what)
        if n_p and n_c
        else Metric.insufficient(n_p, what, "No cohort has been followed for 12 months yet.")
    )
    promoted_p = [o for o in mine if o.promoted_within_year is not None]
    promoted_c = [o for o in theirs if o.promoted_within_year is not None]
    promotion = (
        rate_difference(
            sum(1 for o in promoted_p if o.promoted_within_year),
            len(promoted_p),
            sum(1 for o in promoted_c if o.promoted_within_year),
            len(promoted_c),
            "Promoted within 12 months, pooled across cohorts",
        )
        if promoted_p and promoted_c
        else Metric.insufficient(
            len(promoted_p), "Promoted within 12 months", "No one followed for 12 months yet."
        )
    )
    followed = [s for s in strata if s[1] and s[3]]
    stratified = (
        stratified_difference(followed, "Retained at 12 months")
        if followed
        else Metric.insufficient(
            0, "Retained at 12 months, stratified by cohort", "No cohort followed 12 months yet."
        )
    )
    return {
        "difference": difference.as_dict(),
        "stratified": stratified.as_dict(),
        "promotion": promotion.as_dict(),
        "counts": {"participants": [kept_p, n_p], "controls": [kept_c, n_c]},
        "cohorts": sum(1 for r in results if r.payload.get("retention", {}).get(side)),
        "logrank_p": logrank_p([o.spell for o in mine], [o.spell for o in theirs])
        if min(len(mine), len(theirs)) >= 30
        else None,
    }


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
) -> dict[str, Any]:
    return {
        "metric": label,
        "before": before,
        "after": after,
        "change": change,
        "unit": unit,
        "change_kind": CHANGE_KIND.get(unit, "signed"),
    }


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
            c_kept, c_n = counts.get("controls", [0, 0])
            p_kept, p_n = counts.get("participants", [0, 0])
            rows.append(
                _row(
                    label + " (junior mentors, pooled)",
                    c_kept / c_n if c_n else None,
                    p_kept / p_n if p_n else None,
                    mentor.get("difference"),
                    "share",
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
            rows.append(_row(label, None, metric["value"] if metric else None, metric, "rate"))
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
            promotion = pooled.get("mentor", {}).get("promotion")
            rows.append(
                _row(
                    label + " (junior mentors vs controls, pooled)",
                    None,
                    None,
                    promotion,
                    "difference",
                )
            )
        elif kpi == "business_metric":
            rows.append(_business_row(program))
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
