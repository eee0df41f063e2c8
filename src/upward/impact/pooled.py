"""The program's view: pooled across cohorts, the before/after table, ROI and the comparison.

Retention of one 8-12 pair cohort cannot show an effect (MEASUREMENT.md 3.1); pooling the
matched sets of every cohort is how evidence accumulates. The pooled comparison keeps each
person's own index date; log-rank is added from 30 per arm.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from upward.domain.metrics.proportions import rate_difference, stratified_difference
from upward.domain.metrics.record import Metric, Status
from upward.domain.metrics.results import (
    SIDES,
    Arms,
    CohortResults,
    PooledRetention,
    ProgramResults,
    Share,
)
from upward.domain.metrics.roi import Inputs, Result, roi
from upward.domain.metrics.survival import logrank_p
from upward.domain.program_design import KPI_CATALOGUE
from upward.impact.compute import curve, heatmap_section
from upward.impact.models import BusinessMeasurement, ImpactSettings
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


def pooled_retention(cohorts: list[CohortResults], side: str, today: date) -> PooledRetention:
    """Every cohort's matched comparison, stacked: a person (a control matched in two cohorts,
    say) counts once per comparison they belong to, each time from that comparison's index
    date. This one record feeds the table, the cards, the chart and its caption."""
    mine: list[Outcome] = []
    theirs: list[Outcome] = []
    strata: list[tuple[int, int, int, int]] = []
    promotion_strata: list[tuple[int, int, int, int]] = []
    for results in cohorts:
        section = results.retention.get(side)
        if section and (section.matched_ids.participants or section.matched_ids.controls):
            cohort_p = outcomes(section.matched_ids.participants, today)
            cohort_c = outcomes(section.matched_ids.controls, today)
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
    promotion = replace(
        promotion_section(mine, theirs, PROMOTED + ", pooled across cohorts"),
        stratified=_stratified(promotion_strata, PROMOTED),
    )
    followed_for = max((o.followed_days for o in (*mine, *theirs)), default=0)
    return PooledRetention(
        difference=difference,
        stratified=_stratified(strata, "Retained at 12 months"),
        promotion=promotion,
        horizon_days=YEAR,
        counts=Arms(Share(kept_p, n_p), Share(kept_c, n_c)),
        comparisons=Arms(len(mine), len(theirs)),
        not_yet_followed=Arms(
            sum(1 for o in mine if o.followed_days < YEAR),
            sum(1 for o in theirs if o.followed_days < YEAR),
        ),
        curves=Arms(curve(mine, min(YEAR, followed_for)), curve(theirs, min(YEAR, followed_for))),
        cohorts=sum(1 for r in cohorts if side in r.retention),
        logrank_p=logrank_p([o.spell for o in mine], [o.spell for o in theirs])
        if min(len(mine), len(theirs)) >= 30
        else None,
    )


def _stratified(strata: list[tuple[int, int, int, int]], what: str) -> Metric:
    followed = [s for s in strata if s[1] and s[3]]
    if not followed:
        return Metric.insufficient(
            0, f"{what}, stratified by cohort", "No cohort followed 12 months yet."
        )
    return stratified_difference(followed, what)


def compute_program(
    program: Program, cohorts: list[CohortResults], cohort_ids: list[int], today: date
) -> ProgramResults:
    return ProgramResults(
        today=today,
        pooled={side: pooled_retention(cohorts, side, today) for side, _ in SIDES},
        topics=heatmap_section(cohort_ids, today),
    )


CHANGE_KIND = {"share": "pp", "difference": "pp", "rate": "pct"}
COMPARISON = ("Matched controls", "Participants")


@dataclass(frozen=True)
class BeforeAfterRow:
    """One row of the table. `before_label`/`after_label` name what the two value columns hold
    for this row (before and after, or matched controls and participants); the counts are the
    (k, n) behind a share, printed beside it."""

    metric: str
    before: float | None
    after: float | None
    change: Metric | None
    unit: str = ""
    before_label: str = "Before"
    after_label: str = "After"
    before_counts: Share | None = None
    after_counts: Share | None = None
    kpi: str = ""  # which KPI the row is, for the summary

    @property
    def change_kind(self) -> str:
        return CHANGE_KIND.get(self.unit, "signed")

    @property
    def is_share(self) -> bool:
        return self.unit in ("share", "rate")

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "before": self.before,
            "after": self.after,
            "change": None if self.change is None else self.change.as_dict(),
            "unit": self.unit,
            "change_kind": self.change_kind,
            "before_label": self.before_label,
            "after_label": self.after_label,
            "before_counts": None if self.before_counts is None else self.before_counts.to_list(),
            "after_counts": None if self.after_counts is None else self.after_counts.to_list(),
            "kpi": self.kpi,
        }


def _comparison_row(
    label: str, kpi: str, counts: Arms[Share], change: Metric | None
) -> BeforeAfterRow:
    return BeforeAfterRow(
        label,
        counts.controls.share,
        counts.participants.share,
        change,
        "share",
        *COMPARISON,
        before_counts=counts.controls,
        after_counts=counts.participants,
        kpi=kpi,
    )


def _has_value(metric: Metric | None) -> bool:
    return metric is not None and metric.value is not None


def _latest_change(cohorts: list[CohortResults], section: str) -> CohortResults | None:
    """The most recent cohort whose `section` has a change to show (or the most recent)."""
    for results in reversed(cohorts):
        if _has_value(getattr(results, section).change):
            return results
    return cohorts[-1] if cohorts else None


def _latest_goals(cohorts: list[CohortResults]) -> CohortResults | None:
    for results in reversed(cohorts):
        if _has_value(results.rhythm.goal_attainment):
            return results
    return cohorts[-1] if cohorts else None


CHANGE_KPIS = {
    "engagement_change": ("engagement", "1-5"),
    "psychological_safety": ("pulse_change", "1-7"),
    "skill_attainment": ("skills_overall", "levels"),
}


def _kpi_row(
    program: Program, kpi: str, cohorts: list[CohortResults], pooled: dict[str, PooledRetention]
) -> BeforeAfterRow | None:
    label = KPI_CATALOGUE.get(kpi, kpi)
    mentor = pooled["mentor"]  # the program's results always pool both sides
    if kpi == "retention_vs_control":
        return _comparison_row(
            label + " (junior mentors, pooled)", kpi, mentor.counts, mentor.difference
        )
    if kpi == "promotion_rate":
        return _comparison_row(
            label + " (junior mentors vs controls, pooled)",
            kpi,
            mentor.promotion.counts,
            mentor.promotion.difference,
        )
    if kpi in CHANGE_KPIS:
        return _change_row(label, kpi, cohorts)
    if kpi == "goal_attainment":
        return _goal_row(label, cohorts)
    if kpi == "response_rate":
        waves = [w for results in cohorts for w in results.responses if w.rate is not None]
        first, last = (waves[0].rate, waves[-1].rate) if waves else (None, None)
        return BeforeAfterRow(label, first, last, None, "share", kpi=kpi)
    if kpi == "business_metric":
        return replace(_business_row(program), kpi=kpi)
    return None


def _change_row(label: str, kpi: str, cohorts: list[CohortResults]) -> BeforeAfterRow:
    key, unit = CHANGE_KPIS[kpi]
    source = _latest_change(cohorts, key)
    if source is None:
        return BeforeAfterRow(f"{label} ()", None, None, None, unit, kpi=kpi)
    section = getattr(source, key)
    return BeforeAfterRow(
        f"{label} ({source.cohort.name})",
        section.before,
        section.after,
        section.change,
        unit,
        kpi=kpi,
    )


def _goal_row(label: str, cohorts: list[CohortResults]) -> BeforeAfterRow:
    source = _latest_goals(cohorts)
    metric = source.rhythm.goal_attainment if source else None
    name = source.cohort.name if source else ""
    reached = source.rhythm.tracks.get("done", 0) if source else 0
    return BeforeAfterRow(
        f"{label} ({name})" if name else label,
        None,
        metric.value if metric else None,
        metric,
        "rate",
        "Before",
        "Reached",
        after_counts=Share(reached, source.rhythm.pairs_with_goal) if metric and source else None,
        kpi="goal_attainment",
    )


def before_after(
    program: Program, cohorts: list[CohortResults], pooled: dict[str, PooledRetention]
) -> list[BeforeAfterRow]:
    """The seeds' table for the KPIs the program chose: baseline, after, change with interval,
    each from the most recent cohort that can show it (retention pooled across cohorts)."""
    rows = [_kpi_row(program, kpi, cohorts, pooled) for kpi in program.kpis or []]
    return [row for row in rows if row is not None]


def _business_row(program: Program) -> BeforeAfterRow:
    """The last measurement on or before the start against the latest one. Two numbers, so no
    interval: the row says so instead of inventing one."""
    values = list(BusinessMeasurement.objects.filter(program=program))
    label = program.business_metric or "Business metric"
    unit = program.business_metric_unit
    before = [v for v in values if v.measured_on <= program.start_date]
    after = [v for v in values if v.measured_on > program.start_date]
    if not before or not after:
        return BeforeAfterRow(label, before[-1].value if before else None, None, None, unit)
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
    return BeforeAfterRow(label, first.value, last.value, change, unit)


@dataclass(frozen=True)
class RoiView:
    """The break-even, or why there is none yet; with the assumptions behind it."""

    available: bool
    settings: ImpactSettings
    result: Result | None = None
    reason: str = ""


def roi_section(
    program: Program,
    pooled: dict[str, PooledRetention],
    hours: float,
    pairs: int,
    people: tuple[int, int],
) -> RoiView:
    settings, _ = ImpactSettings.objects.get_or_create(program=program)
    mentor = pooled.get("mentor")
    difference = mentor.difference if mentor else None
    if difference is None or difference.value is None or difference.ci_low is None:
        reason = (difference.note if difference else "") or "No retention comparison yet."
        return RoiView(False, settings, reason=reason)
    assert mentor is not None and difference.ci_high is not None
    result = roi(
        Inputs(
            pairs=pairs,
            meeting_hours=hours,
            trained_juniors=people[0],
            trained_seniors=people[1],
            participants=mentor.counts.participants.n,
            retention_difference=(difference.ci_low, difference.value, difference.ci_high),
        ),
        settings.assumptions(),
    )
    return RoiView(True, settings, result)
