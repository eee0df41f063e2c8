"""The summary a sponsor reads first: one line per headline figure in plain words, with the
figure, what it is compared with, the n and a verdict from the evidence tiers
(domain/verdicts.py). It reads the same released records as the rest of the page and the PDF,
so a withheld figure stays withheld here too."""

from dataclasses import dataclass, field

from upward.domain.metrics.record import Metric, Status
from upward.domain.metrics.results import CohortResults, PooledRetention, Promotion
from upward.domain.verdicts import HIDDEN, NO_DATA, Kind, Verdict, verdict
from upward.impact.pooled import BeforeAfterRow

BALANCE_GUIDELINE = 0.1
SIDE_PEOPLE = {"mentor": "Junior mentors", "mentee": "Senior mentees"}


@dataclass(frozen=True)
class Extra:
    """A further record behind the same figure (each arm, the stratified difference)."""

    label: str
    metric: Metric
    kind: str


@dataclass(frozen=True)
class Line:
    label: str
    sentence: str
    verdict: Verdict
    metric: Metric | None = None  # the record behind it, for "How this was worked out"
    kind: str = "num"  # how show_metric formats it
    warning: str = ""
    extra: list[Extra] = field(default_factory=list)  # further records, same figure


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _points(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:+.1f} points"


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def _judge(metric: Metric | None, *, compared: bool = True) -> Verdict:
    if metric is None:
        return verdict(None, None, None, 0, "insufficient", compared=compared)
    return verdict(
        metric.value,
        metric.ci_low,
        metric.ci_high,
        int(metric.n_eff or metric.n or 0),
        str(metric.status),
        compared=compared,
    )


def _blocked(v: Verdict, metric: Metric | None) -> str:
    """The sentence when there is no figure to give: hidden and no data are not the same."""
    note = "" if metric is None or metric.status is Status.SUPPRESSED else metric.note
    if v.kind is Kind.HIDDEN:
        return f"{HIDDEN}. {v.meaning}"
    return f"{NO_DATA}. {note or v.meaning}".strip()


@dataclass(frozen=True)
class BalanceWarning:
    cohort: str
    covariate: str
    smd: float


def balance_warnings(cohorts: list[CohortResults], side: str) -> list[BalanceWarning]:
    """Every covariate, in any cohort, whose standardised difference between participants and
    their matched controls is above the 0.1 guideline (Austin 2011)."""
    found = []
    for results in cohorts:
        retention = results.retention.get(side)
        for b in retention.matching.balance if retention else []:
            if b.smd is not None and abs(b.smd) > BALANCE_GUIDELINE:
                found.append(BalanceWarning(results.cohort.name, b.covariate, b.smd))
    return found


def balance_sentence(warnings: list[BalanceWarning]) -> str:
    if not warnings:
        return ""
    where = "; ".join(
        f"{w.covariate} {abs(w.smd):.2f}" + (f" in {w.cohort}" if w.cohort else "")
        for w in warnings
    )
    return (
        f"The matched controls are not a close match: the standardised difference is above "
        f"the {BALANCE_GUIDELINE} guideline ({where}). Participants and controls differ on "
        "these traits as well as in taking part, so part of the difference may come from them "
        "rather than the program: read it as indicative, not as the program's effect."
    )


def _comparison(
    side: str, what: str, section: PooledRetention | Promotion, warning: str, extra: list[Extra]
) -> Line:
    people = SIDE_PEOPLE[side]
    metric = section.difference
    v = _judge(metric)
    label = f"{people}: {what}"
    (k_p, n_p), (k_c, n_c) = (
        (section.counts.participants.k, section.counts.participants.n),
        (section.counts.controls.k, section.counts.controls.n),
    )
    if metric is None or metric.value is None:
        return Line(label, _blocked(v, metric), v, metric, "pp")
    sentence = (
        f"{_pct(k_p / n_p if n_p else None)} of participants ({k_p} of {n_p}) against "
        f"{_pct(k_c / n_c if n_c else None)} of matched controls ({k_c} of {n_c}): "
        f"{_points(metric.value)}, 95% interval {_points(metric.ci_low)} to "
        f"{_points(metric.ci_high)}."
    )
    return Line(label, sentence, v, metric, "pp", warning, extra)


def _extras(section: PooledRetention | Promotion) -> list[Extra]:
    found = []
    if isinstance(section, Promotion):
        arms = ((section.participants, "Participants"), (section.controls, "Matched controls"))
        found += [Extra(name, metric, "pct") for metric, name in arms if metric is not None]
    if section.stratified is not None:
        found.append(Extra("Stratified by cohort", section.stratified, "pp"))
    return found


UNITS = {"1-5": " on a 1-5 scale", "1-7": " on a 1-7 scale", "levels": " skill levels"}


def _kpi_line(row: BeforeAfterRow) -> Line:
    metric = row.change
    label = row.metric
    if row.is_share and row.before_label == "Before":
        return _level_line(row)
    v = _judge(metric, compared=True)
    if metric is None or metric.value is None:
        return Line(label, _blocked(v, metric), v, metric, "signed")
    scale = UNITS.get(row.unit, f" {row.unit}" if row.unit else "")
    n = metric.n_eff or metric.n
    sentence = (
        f"from {_num(row.before)} to {_num(row.after)}{scale}: a change of "
        f"{_num(metric.value, True)}"
    )
    if metric.ci_low is not None and metric.ci_low != metric.ci_high:
        sentence += f", 95% interval {_num(metric.ci_low, True)} to {_num(metric.ci_high, True)}"
    sentence += f" (n = {n})."
    return Line(label, sentence, v, metric, "signed")


def _level_line(row: BeforeAfterRow) -> Line:
    """A level reached (goals, response rate): no comparison group."""
    metric, counts, after = row.change, row.after_counts, row.after
    if after is None:
        v = _judge(metric) if metric else verdict(None, None, None, 0, "insufficient")
        return Line(row.metric, _blocked(v, metric), v, metric, "pct")
    status = str(metric.status) if metric else "ok"
    v = verdict(after, None, None, counts.n if counts else 0, status, compared=False)
    sentence = f"{_pct(after)}" + (f" ({counts.k} of {counts.n})" if counts else "")
    if row.before is not None and row.before != after:
        sentence += f", from {_pct(row.before)} at first"
    return Line(row.metric, sentence + ".", v, metric, "pct")


COVERED = ("retention_vs_control", "promotion_rate")


def summary_lines(
    rows: list[BeforeAfterRow],
    pooled: dict[str, PooledRetention],
    cohorts: list[CohortResults],
) -> list[Line]:
    """Retention and promotion for both sides of the pair, then each other chosen KPI."""
    lines = []
    for side in SIDE_PEOPLE:
        section = pooled.get(side)
        if section is None:  # not pooled yet: nothing to say for this side
            lines += [_nothing(side, "still here at 12 months"), _nothing(side, PROMOTED_WHAT)]
            continue
        warning = balance_sentence(balance_warnings(cohorts, side))
        retention = _comparison(side, "still here at 12 months", section, warning, _extras(section))
        lines.append(retention)
        # The same controls: the full warning once, a pointer to it the second time.
        again = (
            "The same matched controls as retention, so the same caution applies."
            if retention.warning
            else warning
        )
        promotion = section.promotion
        lines.append(_comparison(side, PROMOTED_WHAT, promotion, again, _extras(promotion)))
    lines += [_kpi_line(row) for row in rows if row.kpi not in COVERED]
    return lines


PROMOTED_WHAT = "promoted within 12 months"


def _nothing(side: str, what: str) -> Line:
    v = _judge(None)
    return Line(f"{SIDE_PEOPLE[side]}: {what}", _blocked(v, None), v, None, "pp")
