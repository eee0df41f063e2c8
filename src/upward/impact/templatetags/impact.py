from dataclasses import replace
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from upward.domain.metrics.record import Metric, Status
from upward.domain.surveys.release import WITHHELD
from upward.impact.pooled import BeforeAfterRow

register = template.Library()

STATUS_WORDS = {
    "ok": "",
    "low_n": "Exploratory: a small group, read the interval rather than the point.",
    "insufficient": "No data yet.",
    "suppressed": "Hidden to protect people: fewer than 5.",
    "no_events": "No exits yet, so no comparison of exits is possible.",
    "withheld": WITHHELD,
}


def _format(value: float | None, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "pct":
        return f"{100 * value:.0f}%"
    if kind == "pp":
        return f"{100 * value:+.1f} points"
    if kind == "signed":
        return f"{value:+.2f}"
    return f"{value:.2f}"


@register.inclusion_tag("impact/_metric.html")
def show_metric(metric: Metric | None, kind: str = "num", how: bool = False) -> dict[str, Any]:
    """The figure and its interval; with `how`, the n, method and test go into a "How this was
    worked out" disclosure (the page), otherwise they follow inline (the PDF, table cells)."""
    if metric is None:
        return {"missing": True}
    if metric.status is Status.SUPPRESSED and not metric.n:
        # Nobody to protect: there is simply nothing yet, which is not the same as hidden.
        metric = replace(metric, status=Status.INSUFFICIENT, note="")
    return {
        "metric": metric,
        "value": _format(metric.value, kind),
        "low": _format(metric.ci_low, kind),
        "high": _format(metric.ci_high, kind),
        "has_interval": metric.ci_low is not None and metric.ci_low != metric.ci_high,
        "status_words": STATUS_WORDS.get(str(metric.status), ""),
        "how": how,
    }


# The pulse's traffic light, in what it asks of the lead.
BAND_WORDS = {
    "green": "most feel safe",
    "amber": "worth watching",
    "red": "act now: talk to the pairs",
}


@register.filter
def band_words(band: str) -> str:
    return BAND_WORDS.get(band, band)


@register.filter
def fmt(value: float | None, kind: str = "num") -> str:
    return _format(value, kind)


@register.inclusion_tag("impact/_chart.html")
def chart(item: Any) -> dict[str, Any]:
    return {"chart": item}


@register.filter
def p_value(value: float) -> str:
    """p to three decimals, and "< 0.001" rather than a misleading 0.000."""
    return "< 0.001" if value < 0.001 else f"= {value:.3f}"


@register.simple_tag
def value_cell(row: BeforeAfterRow, which: str) -> SafeString:
    """A before/after table cell: what the column holds for this row (before, or matched
    controls...), the value, and the counts behind a share ("73% (27 of 37)")."""
    before = which == "before"
    value = row.before if before else row.after
    kind = "pct" if row.is_share else "num"
    counts = row.before_counts if before else row.after_counts
    label = (row.before_label if before else row.after_label) or which.title()
    if value is None and row.change is not None and row.change.status is Status.WITHHELD:
        return format_html('<span class="meta">{}:</span> withheld', label)
    if counts and counts.n:
        return format_html(
            '<span class="meta">{}:</span> {} ({} of {})',
            label,
            _format(value, kind),
            counts.k,
            counts.n,
        )
    return format_html('<span class="meta">{}:</span> {}', label, _format(value, kind))
