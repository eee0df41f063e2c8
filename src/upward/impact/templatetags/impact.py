from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from upward.domain.surveys.release import WITHHELD

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
def show_metric(
    metric: dict[str, Any] | None, kind: str = "num", how: bool = False
) -> dict[str, Any]:
    """The figure and its interval; with `how`, the n, method and test go into a "How this was
    worked out" disclosure (the page), otherwise they follow inline (the PDF, table cells)."""
    if not metric:
        return {"missing": True}
    if metric.get("status") == "suppressed" and not metric.get("n"):
        # Nobody to protect: there is simply nothing yet, which is not the same as hidden.
        metric = {**metric, "status": "insufficient", "note": ""}
    return {
        "metric": metric,
        "value": _format(metric.get("value"), kind),
        "low": _format(metric.get("ci_low"), kind),
        "high": _format(metric.get("ci_high"), kind),
        "has_interval": metric.get("ci_low") is not None
        and metric.get("ci_low") != metric.get("ci_high"),
        "status_words": STATUS_WORDS.get(metric.get("status", ""), ""),
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
def value_cell(row: dict[str, Any], which: str) -> SafeString:
    """A before/after table cell: what the column holds for this row (before, or matched
    controls...), the value, and the counts behind a share ("73% (27 of 37)")."""
    value = row.get(which)
    kind = "pct" if row.get("unit") in ("share", "rate") else "num"
    counts = row.get(f"{which}_counts")
    label = row.get(f"{which}_label") or which.title()
    if value is None and (row.get("change") or {}).get("status") == "withheld":
        return format_html('<span class="meta">{}:</span> withheld', label)
    if counts and counts[1]:
        return format_html(
            '<span class="meta">{}:</span> {} ({} of {})',
            label,
            _format(value, kind),
            counts[0],
            counts[1],
        )
    return format_html('<span class="meta">{}:</span> {}', label, _format(value, kind))


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)
