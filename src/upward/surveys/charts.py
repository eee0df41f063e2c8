"""Inline SVG charts for survey pages (no script, so they pass the CSP), each with its text."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from upward.surveys.models import Wave

WIDTH, BAR_H, GAP, LABEL_W = 420, 18, 8, 150


def response_rates(waves: list[Wave]) -> SafeString:
    """One bar per opened wave: share answered, the 60% line marked; counts in the text."""
    opened = [w for w in waves if w.state != Wave.State.SCHEDULED and w.invited]
    if not opened:
        return SafeString("")
    height = len(opened) * (BAR_H + GAP) + GAP
    span = WIDTH - LABEL_W - 60
    floor_x = LABEL_W + span * 0.6
    rows = []
    for index, wave in enumerate(opened):
        y = GAP + index * (BAR_H + GAP)
        rate = wave.answered / wave.invited
        rows.append(
            (
                y + BAR_H - 5,
                wave.label,
                LABEL_W,
                y,
                round(span * rate, 1),
                "bar low" if rate < 0.6 else "bar",
                round(LABEL_W + span * rate + 6, 1),
                y + BAR_H - 5,
                f"{rate:.0%} ({wave.answered}/{wave.invited})",
            )
        )
    summary = "; ".join(
        f"{w.label}: {w.answered} of {w.invited} answered ({w.answered / w.invited:.0%})"
        for w in opened
    )
    bars = format_html_join(
        "",
        '<text x="4" y="{}" class="label">{}</text><rect x="{}" y="{}" width="{}" '
        'height="18" class="{}"/><text x="{}" y="{}" class="value">{}</text>',
        rows,
    )
    return format_html(
        '<figure class="rate-chart"><svg viewBox="0 0 {} {}" role="img" aria-labelledby="rr-t">'
        '<title id="rr-t">Response rate per wave. {}</title>{}'
        '<line x1="{}" y1="0" x2="{}" y2="{}" class="floor"/></svg>'
        "<figcaption>Response rate per wave; the dashed line marks 60%, under which the lead "
        "is flagged. {}</figcaption></figure>",
        WIDTH,
        height,
        summary,
        bars,
        round(floor_x, 1),
        round(floor_x, 1),
        height,
        summary,
    )


def distribution(counts: dict[int, int], label: str) -> SafeString:
    """A stacked bar of how a shown group answered one item, low points left, with its text."""
    total = sum(counts.values())
    if not total:
        return SafeString("")
    points = sorted(counts)
    x = 0.0
    segments = []
    for index, point in enumerate(points):
        width = 200 * counts[point] / total
        shade = index / max(len(points) - 1, 1)
        segments.append((round(x, 2), round(width, 2), _shade(shade)))
        x += width
    text = f"{label}: " + ", ".join(f"{counts[p]} answered {p}" for p in points if counts[p])
    rects = format_html_join("", '<rect x="{}" y="0" width="{}" height="14" fill="{}"/>', segments)
    return format_html(
        '<svg class="dist" viewBox="0 0 200 14" role="img" aria-label="{}">{}</svg>', text, rects
    )


def _shade(share: float) -> str:
    # From a warm red (low) through grey to the brand blue (high); readable on white.
    low, mid, high = (196, 69, 54), (160, 166, 176), (29, 78, 216)
    a, b, t = (low, mid, share * 2) if share < 0.5 else (mid, high, share * 2 - 1)
    return "#" + "".join(f"{round(a[i] + (b[i] - a[i]) * t):02x}" for i in range(3))
